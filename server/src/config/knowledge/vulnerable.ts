// log4j components with known vulnerabilities when a configuration uses them.
import { SRC } from './sources';

export interface VulnerableComponent {
  /** Fully qualified class (log4j 1) matched against appender classes and any class-valued setting. */
  className: string;
  cve: string;
  explanation: string;
  source: string;
}

export const vulnerableClasses: readonly VulnerableComponent[] = [
  {
    className: 'org.apache.log4j.net.JMSAppender',
    cve: 'CVE-2021-4104',
    explanation: 'JMSAppender looks up TopicBindingName / TopicConnectionFactoryBindingName through JNDI: whoever can change this configuration can make the server load remote code.',
    source: SRC.nvd('CVE-2021-4104'),
  },
  {
    className: 'org.apache.log4j.net.SocketServer',
    cve: 'CVE-2019-17571',
    explanation: 'SocketServer deserializes whatever it receives: remote code execution for anyone who can reach its port.',
    source: SRC.nvd('CVE-2019-17571'),
  },
  {
    className: 'org.apache.log4j.net.JMSSink',
    cve: 'CVE-2022-23302',
    explanation: 'JMSSink performs a JNDI lookup of its configured TopicConnectionFactoryBindingName: remote code execution.',
    source: SRC.nvd('CVE-2022-23302'),
  },
  {
    className: 'org.apache.log4j.jdbc.JDBCAppender',
    cve: 'CVE-2022-23305',
    explanation: 'JDBCAppender builds its SQL from the pattern with the logged values unescaped: user-controlled text (user names, URLs) becomes SQL injection.',
    source: SRC.nvd('CVE-2022-23305'),
  },
  {
    className: 'org.apache.log4j.chainsaw',
    cve: 'CVE-2022-23307',
    explanation: 'Chainsaw deserializes logging events it receives: remote code execution.',
    source: SRC.nvd('CVE-2022-23307'),
  },
];

/** The vulnerable component a class name refers to (exact class, or inside the Chainsaw package). */
export function vulnerableClass(className: string): VulnerableComponent | undefined {
  const c = className.trim();
  for (const v of vulnerableClasses) {
    if (c === v.className || c.startsWith(v.className + '.')) return v;
  }
  return undefined;
}

export interface LookupVulnerability {
  prefix: string;
  cves: readonly string[];
  explanation: string;
  source: string;
}

/** `${jndi:...}` in a log4j 2 configuration: the Log4Shell family. */
export const jndiLookup: LookupVulnerability = {
  prefix: 'jndi:',
  cves: ['CVE-2021-44228', 'CVE-2021-45046'],
  explanation:
    'A JNDI lookup makes log4j 2 (before 2.16.0, or later ones started with log4j2.enableJndiLookup=true) contact the named LDAP/RMI/DNS server and possibly load code from it. A configuration needs no JNDI: remove it.',
  source: `${SRC.nvd('CVE-2021-44228')}; ${SRC.nvd('CVE-2021-45046')}; ${SRC.log4j2Lookups}`,
};

/**
 * True when a lookup expression is a JNDI lookup (`jndi:`, also when nested or case-mixed:
 * `${${lower:j}ndi:...}`). Nested lookups are resolved as log4j 2's StrSubstitutor would before the
 * outer prefix is read: `${any:key:-d}` gives its default `d` (`${::-j}`, `${env:NaN:-j}`,
 * `${k8s:k5:-ND}`), `${lower:x}`/`${upper:x}` give `x`, `${date:'x'}` gives the quoted literal `x`;
 * any other nested lookup gives nothing (an unset variable). Source of the obfuscations: the public
 * Log4Shell bypass lists (e.g. github.com/Puliczek/CVE-2021-44228-PoC-log4j-bypass-words).
 */
export function isJndiLookup(expression: string): boolean {
  const e = expression.toLowerCase();
  if (e.trimStart().startsWith('jndi:')) return true;
  if (!e.includes('${')) return false;
  return resolvesToJndi(e) || /j.{0,12}n.{0,12}d.{0,12}i\s*:/.test(e);
}

/** Resolves `${expression}` from the innermost lookup out (bounded), as described above; true when some lookup reads as `jndi:`. */
function resolvesToJndi(expression: string): boolean {
  let s = '${' + expression + '}';
  let jndi = false;
  for (let round = 0; round < 64 && !jndi; round++) {
    const next = s.replace(/\$\{([^${}]*)\}/g, (_m, inner: string) => {
      if (/^\s*jndi\s*:/.test(inner)) jndi = true;
      const d = inner.indexOf(':-');
      if (d >= 0) return inner.slice(d + 2);
      const c = inner.indexOf(':');
      const prefix = c < 0 ? '' : inner.slice(0, c).trim();
      const key = c < 0 ? inner : inner.slice(c + 1);
      if (prefix === 'lower' || prefix === 'upper') return key;
      if (prefix === 'date') return (key.match(/'[^']*'/g) ?? []).map((q) => q.slice(1, -1)).join('');
      return '';
    });
    if (next === s) break;
    s = next;
  }
  return jndi;
}
