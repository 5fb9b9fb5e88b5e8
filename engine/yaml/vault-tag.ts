/**
 * A `!vault |` tagged scalar as found in YAML: the ciphertext, kept encrypted until a value is
 * actually used. Decryption belongs to engine/vault; this is only the carrier, so that loading YAML
 * never needs a password.
 */
export class EncryptedString {
  constructor(readonly ciphertext: string) {}

  /** Never reveal the ciphertext or plaintext by accident when printed. */
  toString(): string {
    return '<vault>'
  }

  toJSON(): string {
    return '<vault>'
  }
}
