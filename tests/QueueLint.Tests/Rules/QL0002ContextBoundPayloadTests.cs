using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.ContextBoundPayloadAnalyzer, QueueLint.CodeFixes.Rules.ContextBoundPayloadFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0002ContextBoundPayloadTests
    {
        private const string Jobs = """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Linq.Expressions;
            using System.Security.Claims;
            using System.Threading;
            using System.Threading.Tasks;
            using Hangfire;
            using Hangfire.Server;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;
            using Shop;

            public class Jobs
            {
                public void UseDb(ShopDb db) { }
                public void UseHttp(HttpContext context, HttpRequest request) { }
                public void UseUser(ClaimsPrincipal user) { }
                public void UseLogger(ILogger logger) { }
                public void UseServices(IServiceProvider services) { }
                public void UseStream(Stream stream) { }
                public void UseTask(Task task) { }
                public void UseQuery(IQueryable<Order> orders) { }
                public void UseSequence(IEnumerable<int> ids) { }
                public Task RunAsync(int id, CancellationToken cancellationToken) => Task.CompletedTask;
                public void Report(int id, PerformContext? context) { }
                public void Long(int id, IJobCancellationToken token) { }
            }
            """;

        private static Task VerifyAsync(string source, string fixedSource)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Jobs.cs", Jobs));
            test.TestState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
            test.FixedState.Sources.Add(("/0/Jobs.cs", Jobs));
            test.FixedState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            return test.RunAsync();
        }

        [Fact]
        public Task Request_bound_objects_are_reported_without_a_fix()
        {
            const string Source = """
                using System;
                using System.IO;
                using System.Linq;
                using System.Security.Claims;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;
                using Shop;

                public class Controller
                {
                    public void Run(ShopDb db, HttpContext http, ClaimsPrincipal user, ILogger<Controller> logger, IServiceProvider services, Stream body, Task pending, int[] ids)
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.UseDb({|QL0002:db|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.UseHttp({|QL0002:http|}, {|QL0002:http.Request|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.UseUser({|QL0002:user|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.UseLogger({|QL0002:logger|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.UseServices({|QL0002:services|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.UseStream({|QL0002:body|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.UseTask({|QL0002:pending|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.UseQuery({|QL0002:db.Orders.Where(o => o.Total > 100)|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.UseSequence({|QL0002:ids.Where(i => i > 0)|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.UseSequence(ids.Where(i => i > 0).ToList()));
                        BackgroundJob.Enqueue<Jobs>(x => x.UseSequence(ids));
                    }
                }
                """;
            return VerifyAsync(Source, Source);
        }

        [Fact]
        public Task Messages_name_what_is_carried()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", """
                using System.Linq;
                using Hangfire;
                using Shop;

                public class Controller
                {
                    public void Run(ShopDb db)
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.UseDb({|#0:db|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.UseQuery({|#1:db.Orders.Where(o => o.Total > 100 && o.Customer != null)|}));
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Jobs.cs", Jobs));
            test.TestState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0002").WithLocation(0)
                .WithMessage("Job 'Jobs.UseDb' carries the DbContext 'db', which cannot outlive the code that enqueues the job"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0002").WithLocation(1)
                .WithMessage("Job 'Jobs.UseQuery' carries the deferred query, which cannot outlive the code that enqueues the job"));
            return test.RunAsync();
        }

        [Fact]
        public Task Live_tokens_and_contexts_become_the_placeholders_hangfire_replaces()
            => VerifyAsync("""
                using System.Threading;
                using Hangfire;
                using Hangfire.Server;

                public class Controller
                {
                    public void Run(CancellationToken requestAborted, PerformContext context, IJobCancellationToken token)
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.RunAsync(1, {|QL0002:requestAborted|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.Report(1, {|QL0002:context|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.Long(1, {|QL0002:token|}));
                    }
                }
                """, """
                using System.Threading;
                using Hangfire;
                using Hangfire.Server;

                public class Controller
                {
                    public void Run(CancellationToken requestAborted, PerformContext context, IJobCancellationToken token)
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.RunAsync(1, CancellationToken.None));
                        BackgroundJob.Enqueue<Jobs>(x => x.Report(1, null));
                        BackgroundJob.Enqueue<Jobs>(x => x.Long(1, JobCancellationToken.Null));
                    }
                }
                """);

        [Fact]
        public Task Placeholders_are_fine()
        {
            const string Source = """
                using System.Threading;
                using Hangfire;

                public class Controller
                {
                    public void Run()
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.RunAsync(1, CancellationToken.None));
                        BackgroundJob.Enqueue<Jobs>(x => x.RunAsync(2, default));
                        BackgroundJob.Enqueue<Jobs>(x => x.RunAsync(3, default(CancellationToken)));
                        BackgroundJob.Enqueue<Jobs>(x => x.Report(4, null));
                        BackgroundJob.Enqueue<Jobs>(x => x.Long(5, JobCancellationToken.Null));
                        BackgroundJob.Enqueue<Jobs>(x => x.Long(6, null!));
                    }
                }
                """;
            return VerifyAsync(Source, Source);
        }
    }
}
