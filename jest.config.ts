// Jest configuration: esbuild transpiles TypeScript and the ESM-only runtime packages (middy) to CommonJS.
import type { Config } from 'jest';

const esmOnlyPackages = ['@middy'].join('|');

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj|cj)sx?$': '<rootDir>/test/support/esbuild-jest-transform.cjs',
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnlyPackages})/)`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^#shared/(.*)$': '<rootDir>/lambdas/shared/$1',
    // middy exports only an `import` condition; Jest resolves with `require`, so point it at the ESM entry (transformed).
    '^@middy/(core|util)$': '<rootDir>/node_modules/@middy/$1/index.js',
  },
  snapshotSerializers: ['<rootDir>/test/support/asset-hash-serializer.ts'],
  testTimeout: 120_000,
  maxWorkers: 2,
};

export default config;
