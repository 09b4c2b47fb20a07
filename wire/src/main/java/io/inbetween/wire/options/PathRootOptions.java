package io.inbetween.wire.options;

import io.inbetween.wire.PathRoots;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where a service may read job inputs and write job outputs: {@code --input-root} and {@code --output-root}. */
public final class PathRootOptions {
    @Option(names = "--input-root", paramLabel = "DIR", split = ",",
            description = "Folder whose files jobs may read (repeatable, or comma-separated); a job naming a file elsewhere fails and "
                    + "nothing is read. Default: the working directory.")
    List<Path> inputRoots = new ArrayList<>();

    @Option(names = "--output-root", paramLabel = "DIR", split = ",",
            description = "Folder where jobs may write their outputs (repeatable, or comma-separated); a job naming a path elsewhere "
                    + "fails and nothing is written. Default: the working directory.")
    List<Path> outputRoots = new ArrayList<>();

    /** @throws IllegalArgumentException when a folder does not exist */
    public PathRoots roots() {
        Path here = Path.of("");
        return PathRoots.of(inputRoots.isEmpty() ? List.of(here) : inputRoots, outputRoots.isEmpty() ? List.of(here) : outputRoots);
    }
}
