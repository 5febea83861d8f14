package dev.hourglass.json;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits every JSON reader checks while it reads (POST /register, /ws, /yjs), before anything is bound. */
@ConfigMapping(prefix = "hourglass.json")
public interface JsonConfig {

    /** Objects and arrays nested deeper than this are refused. */
    @WithDefault("16")
    int maxDepth();

    /** Strings (names and values) longer than this many characters are refused. */
    @WithDefault("65536")
    int maxStringLength();

    /** Numbers of more than this many characters are refused. */
    @WithDefault("32")
    int maxNumberLength();
}
