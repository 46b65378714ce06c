#!/usr/bin/env node
// CDK entry point: loads the config chosen with `-c env=<name>` and builds the app.
import { App } from 'aws-cdk-lib';
import { loadConfig } from '../lib/config/load-config';
import { createApp } from '../lib/app';

const app = new App();
createApp(loadConfig(String(app.node.tryGetContext('env') ?? 'dev')), app);
