// The emulator's second, light entry: an app file read and checked, and the CES resources it stands
// for, without the servers (no gRPC, no protos). `validate` and `coverage` read app files through it,
// so checking specs does not pay for loading the emulator (docs/architecture.md, "Start-up").
export { AppDefinitionError, loadAppDefinition } from './load-app.js';
export { appInventory, appResourcesOf } from './resources.js';
