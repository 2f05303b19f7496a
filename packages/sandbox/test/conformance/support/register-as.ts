import { PATHS, rawCall } from './raw-call.js';

/** Registers `name` for `events`; returns the Lambda-Extension-Identifier. */
export async function registerAs(
  api: string,
  name: string,
  events: string[] = ['INVOKE', 'SHUTDOWN']
): Promise<string> {
  const answer = await rawCall(api, 'POST', PATHS.register, {
    headers: { 'lambda-extension-name': name },
    body: { events },
  });
  if (answer.status !== 200) {
    throw new Error(`register ${name}: ${answer.status} ${answer.text}`);
  }
  return String(answer.headers['lambda-extension-identifier']);
}

/** Headers of a call made on behalf of the extension with this id. */
export function as(id: string): { 'lambda-extension-identifier': string } {
  return { 'lambda-extension-identifier': id };
}
