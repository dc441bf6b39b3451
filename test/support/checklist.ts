// The checklist checker lives in the product (generators/lib/audit/checklist.ts): the audit
// (yo docker-prod:audit) and the tests share one implementation.
export * from '../../generators/lib/audit/checklist.js';
