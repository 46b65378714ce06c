// Child process entry: runs dynalite (in-memory) on loopback so DynamoDB work uses the second CPU core.
import dynalite from 'dynalite';
import { serveInChild } from './serve-in-child';

serveInChild(dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }));
