// The authentication apps and the exact configuration blocks their vendors document, per syntax
// and product. The "enable logging" code action inserts these blocks.
import type { Syntax } from '../model';
import { documentedLogger, routeFor, type AppId, type KnownProduct } from './loggers';
import { productAppender } from './appenders';
import { SRC } from './sources';

export interface AppInfo {
  id: AppId;
  name: string;
  vendor: string;
  /** The loggers to enable (in order), the first being the main one. */
  loggers: readonly string[];
  /** An id usable as `logger.<id>` in log4j2 properties, per logger. */
  propertyIds: Readonly<Record<string, string>>;
  /** A comment line the vendor puts above the block (XML only), when there is one. */
  xmlComment?: string;
  source: string;
}

export const apps: readonly AppInfo[] = [
  {
    id: 'kantega-sso',
    name: 'Kantega SSO',
    vendor: 'Kantega',
    loggers: ['com.kantegasso.AuditLog', 'com.kantegasso.DiagnosticsLog'],
    propertyIds: { 'com.kantegasso.AuditLog': 'kantegaAudit', 'com.kantegasso.DiagnosticsLog': 'kantegaDiagnostics' },
    source: SRC.kantega,
  },
  {
    id: 'api-token-auth',
    name: 'API Token Authentication',
    vendor: 'resolution',
    loggers: ['de.resolution.apitokenauth'],
    propertyIds: { 'de.resolution.apitokenauth': 'apitokenauth' },
    xmlComment: '<!-- Logger for API Token Authentication -->',
    source: SRC.apiToken,
  },
];

export function app(id: string): AppInfo | undefined {
  return apps.find((a) => a.id === id);
}

export interface InsertionBlock {
  appId: AppId;
  logger: string;
  product: KnownProduct;
  syntax: Syntax;
  appender: string;
  /** The lines to insert (no trailing newline; indentation for XML is two spaces per level, re-indent as needed). */
  lines: readonly string[];
  /** Appender definition lines to add too when the file does not define `appender` (log4j 1 properties only). */
  appenderDefinition?: readonly string[];
  source: string;
}

/**
 * The block that enables one documented logger, as its vendor writes it:
 *  - log4j 1 properties: the two lines `log4j.logger.<name> = INFO, <appender>` and
 *    `log4j.additivity.<name> = false` (Kantega's exact lines, spaces around `=`);
 *  - log4j 2 XML: `<Logger name=".." level="INFO" additivity="false"><AppenderRef ref=".."/></Logger>`
 *    (the API token app's Jira 9.5 example);
 *  - log4j 2 properties: the same in `logger.<id>.*` keys;
 *  - log4j 1 XML: `<logger name=".." additivity="false"><level value="INFO"/><appender-ref ref=".."/></logger>`.
 */
export function insertionBlock(loggerName: string, product: KnownProduct, syntax: Syntax): InsertionBlock | undefined {
  const logger = documentedLogger(loggerName);
  if (!logger) return undefined;
  const route = routeFor(logger, product, syntax);
  if (!route) return undefined;
  const info = app(logger.appId)!;
  const ap = route.appender;
  let lines: string[];
  switch (syntax) {
    case 'log4j1-properties':
      lines = [`log4j.logger.${loggerName} = INFO, ${ap}`, `log4j.additivity.${loggerName} = false`];
      break;
    case 'log4j2-xml':
      lines = [
        ...(info.xmlComment && loggerName === info.loggers[0] ? [info.xmlComment] : []),
        `<Logger name="${loggerName}" level="INFO" additivity="false">`,
        `  <AppenderRef ref="${ap}"/>`,
        '</Logger>',
      ];
      break;
    case 'log4j2-properties': {
      const id = info.propertyIds[loggerName] ?? loggerName.split('.').pop()!;
      lines = [
        `logger.${id}.name = ${loggerName}`,
        `logger.${id}.level = INFO`,
        `logger.${id}.additivity = false`,
        `logger.${id}.appenderRef.${ap}.ref = ${ap}`,
      ];
      break;
    }
    case 'log4j1-xml':
      lines = [
        `<logger name="${loggerName}" additivity="false">`,
        '  <level value="INFO"/>',
        `  <appender-ref ref="${ap}"/>`,
        '</logger>',
      ];
      break;
  }
  const def = syntax === 'log4j1-properties' ? productAppender(ap)?.definition : undefined;
  return {
    appId: logger.appId,
    logger: loggerName,
    product,
    syntax,
    appender: ap,
    lines,
    appenderDefinition: def,
    source: syntax === 'log4j1-properties' || syntax === 'log4j2-xml' ? route.source : `${route.source}; written in the ${syntax} form of the same logger (level INFO, additivity false, one appender reference)`,
  };
}
