// zod/mini (tree-shakable) with the English messages zod's classic entry installs: same errors, smaller bundles (ADR 0076).
import { config } from 'zod/mini';
import { en } from 'zod/v4/locales';

config(en());

// Import as a namespace (`import * as z`): re-exporting one namespace object would defeat tree shaking.
export * from 'zod/mini';
