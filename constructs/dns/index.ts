// Public surface of constructs/dns/: other layers import through this file.
export * from "./federation-dns-records";
