package io.appnet.shell;

import io.appnet.controller.status.AppView;
import io.appnet.controller.status.StatusService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes app GUIDs: every app that has an app ID. */
@Service
public class AppCompleter implements Completer {

    @Reference
    StatusService status;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> guids = status.apps().stream().map(AppView::guid).toList();
        return new StringsCompleter(guids).complete(session, commandLine, candidates);
    }
}
