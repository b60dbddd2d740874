export { createTypeChecker } from './checker.js';
export type { TypeChecker, TypeCheckerOptions, TypeProblem } from './types.js';
