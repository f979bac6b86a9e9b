// Everything AuthLog knows about log4j configurations for the authentication apps, as data with sources.
export * from './sources';
export * from './levels';
export * from './loggers';
export * from './appenders';
export * from './apps';
export * from './keys';
export * from './vulnerable';
