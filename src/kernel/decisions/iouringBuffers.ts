// The iouringBuffers knob: how IORING_REGISTER_BUFFERS holds the pages of a fixed buffer
// (fs/io_uring.c io_sqe_buffer_register; io_uring/rsrc.c from 6.0; io_pin_pages by 6.13).
// Every version asks for FOLL_WRITE | FOLL_LONGTERM, so registration write-faults the buffer.
import type { GupFlags } from "../gupTypes.js";
import type { Policy } from "../policy.js";

/** The GUP flags registration uses, or null when the kernel has no fixed buffers (ENOSYS). */
export type IouringRegisterFlags = () => GupFlags | null;

/** ..5.0: io_uring does not exist. */
export function noIouring(): GupFlags | null {
  return null;
}

/** 5.1..5.5: get_user_pages(FOLL_WRITE | FOLL_LONGTERM), a FOLL_GET reference fork cannot see. */
export function registerWithGet(): GupFlags {
  return { write: true, force: false, foll: "get", longterm: true };
}

/** 5.6+: pin_user_pages(FOLL_WRITE | FOLL_LONGTERM): a FOLL_PIN pin (biased from 5.7). */
export function registerWithPin(): GupFlags {
  return { write: true, force: false, foll: "pin", longterm: true };
}

/** The registration flags of a policy. */
export function chooseIouringRegisterFlags(policy: Policy): IouringRegisterFlags {
  switch (policy.iouringBuffers) {
    case "none":
      return noIouring;
    case "foll-get":
      return registerWithGet;
    case "foll-pin":
      return registerWithPin;
  }
}
