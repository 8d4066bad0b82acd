// Types for the `meta` every mutation carries: what to call the action in an error toast, and its success text.
import '@tanstack/react-query';

export interface MutationToastMeta extends Record<string, unknown> {
  action?: string;
  success?: (variables: unknown) => string;
}

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: MutationToastMeta;
  }
}
