// The name rule of each resource kind; its title and description are what a bad name's error answers with.

/** Names of one resource kind: `title` names the resource, `description` states the rule. */
export interface NameSchema {
  readonly type: 'string';
  readonly minLength: number;
  readonly maxLength: number;
  readonly pattern?: string;
  readonly title: string;
  readonly description: string;
}

function named(noun: string, rule: Omit<NameSchema, 'title' | 'description'>, says: string): NameSchema {
  return { ...rule, title: `${noun} name`, description: `${noun} name must be ${says}` };
}

/** VM names become guest hostnames: letters, digits and hyphens only (the spec's wording). */
export const vmName = named(
  'VM',
  { type: 'string', minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' },
  '3-64 characters, alphanumeric + hyphens',
);

/** Template, image, volume, snapshot and project names may also carry versions ("alpine-3.18"). */
const label = {
  type: 'string',
  minLength: 3,
  maxLength: 64,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
} as const;
const LABEL_RULE = "3-64 characters of letters, digits, '.', '_' and '-', starting with a letter or digit";

export const templateName = named('Template', label, LABEL_RULE);
export const imageName = named('Image', label, LABEL_RULE);
export const volumeName = named('Volume', label, LABEL_RULE);
export const snapshotName = named('Snapshot', label, LABEL_RULE);
export const projectName = named('Project', label, LABEL_RULE);

export const userName = named(
  'User',
  { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]*$' },
  "1-64 characters of letters, digits, '.', '_', '@' and '-', starting with a letter or digit",
);

/** Token names are free text for people; only their length is bounded. */
export const tokenName = named('Token', { type: 'string', minLength: 1, maxLength: 128 }, '1-128 characters');
