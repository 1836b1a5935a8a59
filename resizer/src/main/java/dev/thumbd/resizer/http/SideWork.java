package dev.thumbd.resizer.http;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.degradation.DegradationController;
import java.util.function.IntSupplier;

/** Work that is not serving thumbnails (info, uploads): shed from degradation level 3 on, with a 503. */
final class SideWork {

    private SideWork() {
    }

    static void check(IntSupplier degradation) {
        if (degradation.getAsInt() >= DegradationController.SHED_SIDE_WORK) {
            throw new ProblemException(ProblemType.OVERLOADED,
                    "The server is degraded and serves thumbnails only; retry later.");
        }
    }
}
