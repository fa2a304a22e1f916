import { errorText } from '../util/errorText';
import { BACKEND_ORDER, chooseBackend, type BackendName, type BackendRegistrar } from './backend';

/**
 * When none of the backends a user named (`?backend=webgpu`) starts, the page must say so and
 * offer the ones that do, instead of waiting forever for an engine that never began. The host
 * throws this; the engine reports it as a `no-backend` error with `working` for the page's offer.
 */
export class NoBackendError extends Error {
  constructor(
    message: string,
    readonly working: readonly BackendName[],
  ) {
    super(message);
    this.name = 'NoBackendError';
  }
}

/**
 * Chooses from `order`; when none works, tries each other backend alone (in the app's order)
 * and throws a NoBackendError naming those that do. The last one probed stays active, which is
 * harmless: the engine starts no run after this error.
 */
export async function chooseOrOffer(
  register: BackendRegistrar,
  order: readonly BackendName[],
  options: { skipSoftwareGpu: boolean },
): Promise<Awaited<ReturnType<typeof chooseBackend>>> {
  try {
    return await chooseBackend(register, order, options);
  } catch (e) {
    const working: BackendName[] = [];
    for (const name of BACKEND_ORDER.filter((b) => !order.includes(b))) {
      try {
        await chooseBackend(register, [name], { skipSoftwareGpu: false });
        working.push(name);
      } catch {
        // not here either
      }
    }
    throw new NoBackendError(errorText(e), working);
  }
}
