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

/** True when a lookup expression is a JNDI lookup (`jndi:`, also when nested or case-mixed: `${${lower:j}ndi:...}`). */
export function isJndiLookup(expression: string): boolean {
  const e = expression.toLowerCase();
  if (e.trimStart().startsWith('jndi:')) return true;
  // Obfuscated forms resolve nested lookups first: ${${lower:j}${lower:n}di:...}, ${${::-j}ndi:...}.
  if (e.includes('${')) {
    const flattened = e.replace(/\$\{[^{}]*?:-?([^{}:]*)\}/g, '$1').replace(/\$\{(?:lower|upper):([^{}]*)\}/g, '$1');
    return flattened.includes('jndi:') || /j.{0,12}n.{0,12}d.{0,12}i\s*:/.test(e);
  }
  return false;
}
