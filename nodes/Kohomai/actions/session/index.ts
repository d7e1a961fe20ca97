export * as create from './create.operation';
