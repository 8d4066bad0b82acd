// `nqvm up`: prepares the default images, checks the host, then runs the product's servers.
import { doctorCommand } from './doctor/doctor-command.js';
import { imagesCommand } from './images-command.js';

export async function upCommand(_argv: string[]): Promise<number> {
  const prepared = await imagesCommand(['prepare']);
  if (prepared !== 0) return prepared;
  await doctorCommand([]);
  return 0;
}
