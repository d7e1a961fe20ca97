export * as search from './search.operation';
