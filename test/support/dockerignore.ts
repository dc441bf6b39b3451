// Moved to the product: the audit (yo docker-prod:audit) and the tests share one implementation.
export * from '../../generators/lib/audit/dockerignore.js';
