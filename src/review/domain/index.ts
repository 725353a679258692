export * from './classification';
export * from './errors';
export * from './exemptions';
export * from './markings';
export * from './review.lifecycle';
export * from './review.machine';
export * from './review.rules';
export * from './review.types';
