package dev.hourglass.yjs;

/** A message refused: the connection gets an error frame and stays open. */
final class YjsException extends RuntimeException {

    final YjsError code;

    YjsException(YjsError code, String message) {
        super(message, null, false, false);
        this.code = code;
    }
}
