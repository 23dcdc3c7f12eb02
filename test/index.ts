/** End-to-end tests across packages live beside this file; the harness that boots proxy + sandbox is in harness/. */
export {};
