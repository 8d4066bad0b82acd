// The Firecracker API version fc-vmm serves, kept here so start-up doesn't load @nqvm/fc-api's route tables.
/** Must equal FIRECRACKER_API_VERSION from @nqvm/fc-api; a test holds them together. */
export const FIRECRACKER_VERSION = '1.16.1';
