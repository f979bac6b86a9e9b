// Categories as layouts print them (%q{2}, %c{4}, Logback) matched to the documented loggers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { abbreviateQ, matchCategory } from '../../../server/src/logs/category';
import { knownLoggers } from '../../../server/src/logs/knowledge/loggers';

test('%q{2} abbreviations match their full logger names', () => {
  assert.equal(matchCategory('d.resolution.apitokenauth.ApiTokenAuthenticationService')?.logger, 'de.resolution.apitokenauth.ApiTokenAuthenticationService');
  assert.equal(matchCategory('d.r.a.platform.auth.ApiTokenRateLimiter')?.logger, 'de.resolution.apitokenauth.platform.auth.ApiTokenRateLimiter');
  assert.equal(matchCategory('com.kantegasso.AuditLog')?.logger, 'com.kantegasso.AuditLog');
  assert.equal(matchCategory('com.kantegasso.DiagnosticsLog')?.logger, 'com.kantegasso.DiagnosticsLog');
  // Abbreviated further than %q{2} would: still Kantega's logger.
  assert.equal(matchCategory('c.kantegasso.AuditLog')?.logger, 'com.kantegasso.AuditLog');
});

test('abbreviateQ prints what Atlassian\'s %q{2} prints, and the result matches back', () => {
  assert.equal(abbreviateQ('com.atlassian.jira.web.Foo'), 'c.a.jira.web.Foo');
  assert.equal(abbreviateQ('de.resolution.apitokenauth.ApiTokenAuthenticationService'), 'd.resolution.apitokenauth.ApiTokenAuthenticationService');
  assert.equal(abbreviateQ('com.kantegasso.AuditLog'), 'com.kantegasso.AuditLog');
  for (const l of knownLoggers) {
    if (l.name.split('.').length < 3) continue;
    assert.equal(matchCategory(abbreviateQ(l.name))?.known.name, l.name, l.name);
  }
});

test('%c{4} (Confluence) keeps the last four segments: matched by their tail', () => {
  const m = matchCategory('apitokenauth.platform.auth.ApiTokenRateLimiter');
  assert.equal(m?.logger, 'de.resolution.apitokenauth.platform.auth.ApiTokenRateLimiter');
  assert.equal(m?.expanded, 'de.resolution.apitokenauth.platform.auth.ApiTokenRateLimiter');
  assert.equal(matchCategory('de.resolution.apitokenauth.ApiTokenAuthenticationService')?.logger, 'de.resolution.apitokenauth.ApiTokenAuthenticationService');
});

test('Logback abbreviations (Bitbucket) match the package logger and expand', () => {
  const m = matchCategory('d.r.a.p.auth.ApiTokenAuthSharedBase');
  assert.equal(m?.logger, 'de.resolution.apitokenauth');
  assert.equal(m?.expanded, 'de.resolution.apitokenauth.platform.auth.ApiTokenAuthSharedBase');
});

test('other categories, near misses and bare class names do not match', () => {
  for (const c of ['c.a.jira.web.Foo', 'confluence.cluster.hazelcast.HazelcastClusterManager', 'com.kantegasso.auditlog', 'AuditLog', 'com.kantega.AuditLog', '', 'x..y', '....']) {
    assert.equal(matchCategory(c), undefined, c);
  }
  assert.equal(matchCategory(undefined), undefined);
});
