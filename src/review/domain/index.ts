export * from './exemptions';
export * from './markings';
export * from './review.lifecycle';
export * from './review.machine';
export * from './review.rules';
export { ATOMIC_ENERGY_AGENCY, determinationFor, settingFor } from './rule-checks';
export * from './review.types';
export * from './review.diagram';
