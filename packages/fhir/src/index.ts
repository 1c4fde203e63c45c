export * from './outcomes.ts';
export type * from './search/index-values.ts';
export * from './definitions/structure.ts';
export * from './search/normalize.ts';
export * from './search/registry.ts';
export type * from './definitions/search-params.types.ts';
export * from './search/shape.ts';
export * from './validation/validate.ts';
export * from './search/extract.ts';
