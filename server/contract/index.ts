/**
 * The one contract between server, screens and outside systems: REST payloads (zod schemas,
 * which validate at the edge and generate docs/openapi.json) and Socket.IO events (`domain:verb`).
 * The client imports it for types only. One file per part:
 */
export * from './requests'
export * from './warnings'
export * from './auth'
export * from './views'
export * from './events'
export * from './review'
export * from './admin'
export * from './units'
export * from './imports'
export * from './webhooks'
export * from './visits'
export * from './people'
export * from './whistles'
export * from './lists'
export * from './figures'
