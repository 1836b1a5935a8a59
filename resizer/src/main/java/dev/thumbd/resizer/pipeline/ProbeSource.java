package dev.thumbd.resizer.pipeline;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.probe.HeaderProbe;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.spec.ImageFormat;

/**
 * Reads the header, enforces the limits, resolves the output format and plans the geometry: everything that can be
 * refused is refused here, before a single pixel is decoded.
 */
final class ProbeSource implements Step {

    private final ProbeLimits limits;
    private final Planner planner;
    private final Codecs codecs;

    ProbeSource(ProbeLimits limits, Planner planner, Codecs codecs) {
        this.limits = limits;
        this.planner = planner;
        this.codecs = codecs;
    }

    @Override
    public Stage stage() {
        return Stage.PROBE;
    }

    @Override
    public void apply(Job job) {
        ImageHeader h = HeaderProbe.probe(job.source, limits);
        if (codecs.decoder(h.format()).isEmpty()) {
            throw new ProblemException(ProblemType.UNSUPPORTED_FORMAT,
                    h.format().token() + " input is not available on this server");
        }
        ImageFormat out = job.chooser.choose(job.spec.format(), h);
        if (codecs.encoder(out).isEmpty()) {
            throw new ProblemException(ProblemType.FORMAT_UNAVAILABLE,
                    out.token() + " output is not available on this server (" + codecs.whyUnavailable(out) + ")");
        }
        job.header = h;
        job.outputFormat = out;
        job.plan = planner.plan(job.spec, h.orientedWidth(), h.orientedHeight());
    }
}
