package io.appnet.shell;

import io.appnet.controller.topology.TopologyService;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes host ids: every host seen since the controller started. */
@Service
public class HostCompleter implements Completer {

    @Reference
    TopologyService topology;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(new ArrayList<>(topology.hosts().keySet()))
                .complete(session, commandLine, candidates);
    }
}
