package dev.hourglass.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * The one place the JSON limits are applied: a factory whose parsers enforce them (and reject duplicate names), and
 * the clear message for a document that passed one. Jackson's own message is not passed on (others of its messages
 * quote the input).
 */
@Singleton
public class JsonLimits {

    private final JsonConfig config;
    private final JsonFactory factory;

    public JsonLimits(JsonConfig config) {
        this.config = config;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(config.maxDepth())
                        .maxStringLength(config.maxStringLength())
                        .maxNameLength(config.maxStringLength())
                        .maxNumberLength(config.maxNumberLength())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** Parsers from it check every limit and refuse duplicate names. Thread-safe. */
    public JsonFactory factory() {
        return factory;
    }

    /**
     * Why a WebSocket message could not be read, for the client: the limit it passed, or where it stops being JSON.
     * Never the parser's own message, which may quote the input.
     */
    public String reason(IOException e) {
        if (e instanceof StreamConstraintsException limit) {
            return "the message is " + describe(limit);
        }
        JsonLocation location = e instanceof JsonProcessingException json ? json.getLocation() : null;
        return "not valid JSON" + (location == null ? "" : " at byte " + location.getByteOffset());
    }

    /** What limit the document passed, for the client. */
    public String describe(StreamConstraintsException e) {
        String jackson = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (jackson.contains("nesting depth")) {
            return tooDeep();
        }
        if (jackson.startsWith("Number")) {
            return numberTooLong();
        }
        if (jackson.startsWith("String") || jackson.startsWith("Name")) {
            return stringTooLong();
        }
        return "past one of the server's JSON limits";
    }

    /** The limits themselves, for a reader that checks them without Jackson. */
    public JsonConfig config() {
        return config;
    }

    public String tooDeep() {
        return "nested deeper than " + config.maxDepth() + " levels";
    }

    public String numberTooLong() {
        return "a number longer than " + config.maxNumberLength() + " characters";
    }

    public String stringTooLong() {
        return "a string longer than " + config.maxStringLength() + " characters";
    }
}
