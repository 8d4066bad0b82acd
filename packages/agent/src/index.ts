// Public surface of @nqvm/agent.
export { type Agent, type AgentOptions, buildAgent } from './agent-app.js';
export { AGENT_PORT_DEFAULT, type AgentConfig, loadAgentConfig } from './agent-config.js';
export { AGENT_ERROR_REGISTRY, agentErrors } from './agent-errors.js';
export { runAgentCommand, type StartedAgent, startAgent } from './agent-main.js';
export type * from './vm-types.js';
