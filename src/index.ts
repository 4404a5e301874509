// cowlab's public API: the model, kernel history, the scenario language, the ideal
// semantics and the lock-step runner. The web viewer and library users import only this.
export * from "./kernel/index.js";
export * from "./history/index.js";
export * from "./scenario/index.js";
export * from "./ideal/index.js";
export * from "./run/index.js";
// The viewer draws whole states with the same views the trace's changes use.
export { frameView, pteView, vmaText } from "./run/views.js";
