export { OPENAPI_PATH, openApiDocument } from './document';
export { apiIndex, operationsOf, type DocumentedOperation } from './summary';
