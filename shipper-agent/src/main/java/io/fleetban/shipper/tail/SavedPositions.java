package io.fleetban.shipper.tail;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a shipper saves to resume where it stopped.
 *
 * @param checkpoints where each file still open or in flight resumes, oldest file of a path first
 * @param readPaths   the log paths tailed: {@link ReadFrom} never applies to them again
 */
public record SavedPositions(List<Checkpoint> checkpoints, Set<Path> readPaths) {

    public SavedPositions {
        checkpoints = List.copyOf(checkpoints);
        // Every checkpointed path was read, also in a file written before paths were saved on their own.
        readPaths = Stream.concat(readPaths.stream(), checkpoints.stream().map(Checkpoint::path))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Checkpoints alone: their paths are the paths read. */
    public static SavedPositions of(Collection<Checkpoint> checkpoints) {
        return new SavedPositions(List.copyOf(checkpoints), Set.of());
    }

    /** Nothing saved: the first start. */
    public static SavedPositions none() {
        return of(List.of());
    }
}
