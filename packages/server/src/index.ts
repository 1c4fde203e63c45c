// The server package's public surface: start a server, open its services in-process (jobs, benchmarks,
// tests), register API clients, and import or export data.
export { loadConfig, type Config } from './config/config.ts';
export { openServices, startServer, type RunningServer, type Services, type StartOptions } from './main.ts';
export {
  createClient,
  listClients,
  setClientDisabled,
  type ClientInfo,
  type CreatedClient,
} from './auth/clients.ts';
export { createTokenService, type TokenService } from './auth/access-tokens.ts';
export { createAuthenticator, type Authenticate } from './auth/authenticate.ts';
export { connectAdmin, type AdminConnection } from './cli/admin-connection.ts';
export { applyImportItems } from './importer/apply-items.ts';
export { runImport, type ImportOptions, type ImportSummary } from './importer/run-import.ts';
export { exportPage, type ExportPage } from './importer/export-resources.ts';
