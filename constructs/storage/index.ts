// Public surface of constructs/storage/: other layers import through this file.
export * from "./encrypted-storage-class";
