package io.inbetween.wire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The folders a stage may read inputs from and write outputs to. A job record names its paths,
 * and anyone who can write to the jobs topic can write one, so every stage checks the paths it
 * touches against its own roots before it touches them. Paths are compared after every link is
 * resolved: a link inside a root that points outside it is outside. URLs are not paths (the
 * decoder's source policy governs those).
 */
public final class PathRoots {
    /** Every path: for tests and for a run whose only job is the user's own command. */
    public static final PathRoots ANYWHERE = new PathRoots(List.of(Path.of("/")), List.of(Path.of("/")));

    private final List<Path> inputs;
    private final List<Path> outputs;

    private PathRoots(List<Path> inputs, List<Path> outputs) {
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /** @throws IllegalArgumentException when a list is empty or a root does not exist */
    public static PathRoots of(List<Path> inputRoots, List<Path> outputRoots) {
        if (inputRoots.isEmpty() || outputRoots.isEmpty()) throw new IllegalArgumentException("at least one input and one output folder is needed");
        return new PathRoots(inputRoots.stream().map(r -> real(r, "input")).toList(), outputRoots.stream().map(r -> real(r, "output")).toList());
    }

    /** Fails unless {@code input} is a URL or a file under an input root. */
    public void checkInput(String input) {
        if (JobSpec.isUrl(input)) return;
        Path path = Path.of(input).toAbsolutePath().normalize();
        Path resolved;
        try {
            resolved = path.toRealPath();
        } catch (IOException e) {
            resolved = path; // a missing input fails later with "not found"; inside a root it is no secret
        }
        if (!under(resolved, inputs))
            throw new IllegalArgumentException("input " + input + " is outside the folders this stage reads from (" + list(inputs) + "; --input-root)");
    }

    /** Fails unless {@code output} is a URL or a file whose folder is under an output root. */
    public void checkOutput(String output) {
        if (JobSpec.isUrl(output)) return;
        Path path = Path.of(output).toAbsolutePath().normalize();
        Path parent = path.getParent() == null ? path : path.getParent();
        Path resolved;
        try {
            resolved = parent.toRealPath().resolve(path.getFileName().toString());
            if (Files.isSymbolicLink(resolved)) resolved = resolved.toRealPath(); // writing follows the link
        } catch (IOException e) {
            resolved = path; // a missing folder fails later with "does not exist"
        }
        if (!under(resolved, outputs))
            throw new IllegalArgumentException("output " + output + " is outside the folders this stage writes to (" + list(outputs) + "; --output-root)");
    }

    public List<Path> inputRoots() { return inputs; }

    public List<Path> outputRoots() { return outputs; }

    private static boolean under(Path p, List<Path> roots) {
        for (Path r : roots) if (p.startsWith(r)) return true;
        return false;
    }

    private static Path real(Path root, String what) {
        try {
            return root.toAbsolutePath().normalize().toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("the " + what + " folder " + root + " does not exist");
        }
    }

    private static String list(List<Path> roots) { return String.join(", ", roots.stream().map(Path::toString).toList()); }

    @Override public boolean equals(Object o) { return o instanceof PathRoots r && inputs.equals(r.inputs) && outputs.equals(r.outputs); }

    @Override public int hashCode() { return Objects.hash(inputs, outputs); }

    @Override public String toString() { return "inputs under " + list(inputs) + ", outputs under " + list(outputs); }
}
