// The documents the knowledge comes from, named once so each entry can cite them.
export const SRC = {
  kantega: 'Kantega SSO, "Audit and Diagnostics logging" (shared/seeds/000_286df6d9ba490fd5.txt)',
  apiToken: 'resolution API Token Authentication, "Audit Logging" / "Log4j version 1" / "Log4j version 2" (shared/seeds/001_94a92b1152d321c1.txt)',
  jiraShipped: 'Jira 7.13.2 shipped atlassian-jira/WEB-INF/classes/log4j.properties (test/fixtures/real-configs/jira-7.13.2)',
  confluenceShipped: 'Confluence 5.10.2 shipped confluence/WEB-INF/classes/log4j.properties (test/fixtures/real-configs/confluence-5.10.2)',
  log4j1Props: 'https://logging.apache.org/log4j/1.x/apidocs/org/apache/log4j/PropertyConfigurator.html',
  log4j1Dom: 'https://logging.apache.org/log4j/1.x/apidocs/org/apache/log4j/xml/DOMConfigurator.html',
  log4j1Level: 'https://logging.apache.org/log4j/1.x/apidocs/org/apache/log4j/Level.html (Level.toLevel: unknown -> DEBUG)',
  log4j2Config: 'https://logging.apache.org/log4j/2.x/manual/configuration.html',
  log4j2Props: 'https://logging.apache.org/log4j/2.x/manual/configuration.html#Properties (PropertiesConfigurationBuilder)',
  log4j2Appenders: 'https://logging.apache.org/log4j/2.x/manual/appenders.html',
  log4j2Levels: 'https://logging.apache.org/log4j/2.x/manual/customloglevels.html',
  log4j2Lookups: 'https://logging.apache.org/log4j/2.x/manual/lookups.html',
  domain: 'shared/docs/domain.md',
  jiraLog4j2: 'domain.md "Products, versions, files" (Jira 9.5+: log4j2.xml with <JiraHomeAppender>) and seed 001 "Log4j version 2"',
  nvd: (cve: string) => `https://nvd.nist.gov/vuln/detail/${cve}`,
} as const;
