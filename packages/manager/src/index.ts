// Public surface of @nqvm/manager.
export type { AgentClient, AgentClientFactory, AgentEndpoint } from './agent/agent-client.js';
export { AgentError, createHttpAgentClient } from './agent/http-agent-client.js';
export { buildManager, type ManagerHandle, type ManagerOptions } from './app.js';
export { configFromEnv, type ManagerConfig, resolveConfig } from './config.js';
export { ERROR_SPECS, errors } from './errors.js';
export { runManagerCommand, type StartOptions, startManager } from './main.js';
// `nqvm up --tls` makes the CA before the manager starts, so its local agent can pin it from the outset.
export { type AgentCa, loadOrCreateAgentCa } from './services/agent-ca.js';
