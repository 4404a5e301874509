// `cowlab errors` (hidden): prints the error-code reference; docs/errors.md is its output.
import type { RegisterCommand } from "../context.js";
import { formatErrorsDoc } from "../errorsDoc.js";

/** Adds the hidden `cowlab errors`. */
export const register: RegisterCommand = (root, ctx) => {
  root
    .command("errors", { hidden: true })
    .description("print the reference of every error code as markdown")
    .action(() => ctx.out(formatErrorsDoc()));
};
