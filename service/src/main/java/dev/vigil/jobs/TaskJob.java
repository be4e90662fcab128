package dev.vigil.jobs;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Quartz job class: it looks up the task named in its job data and runs it. Quartz only
 * triggers; the work is plain methods that tests call directly.
 */
@DisallowConcurrentExecution
public final class TaskJob implements Job {
    static final String TASK = "task";
    static final String ARGUMENT = "argument";
    private static final Logger LOG = LoggerFactory.getLogger(TaskJob.class);

    private final Tasks tasks;

    TaskJob(Tasks tasks) {
        this.tasks = tasks;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String task = context.getMergedJobDataMap().getString(TASK);
        String argument = context.getMergedJobDataMap().getString(ARGUMENT);
        try {
            tasks.run(task, argument);
        } catch (RuntimeException e) {
            // Logged and left for the next trigger: an exception must not unschedule the job.
            LOG.error("task {} {} failed", task, argument == null ? "" : argument, e);
        }
    }
}
