package dev.hourglass.registration;

import java.util.List;

/** A validated registration request, identifiers still in the clear; it lives only for the request. */
record RegisterCommand(byte[] user, List<byte[]> contactKeys, long unit, byte[] publicKey) {
}
