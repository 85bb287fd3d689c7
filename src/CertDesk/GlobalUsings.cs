// The namespaces nearly every file of the app names: EF Core, the DbContext, the common feature kit, the caller and
// its roles, the org chart, the HTTP helpers and the page and MVC attributes. Named once here so that each file's own
// using lines say what is particular to it (another feature, a file format, a library). docs/architecture.md.
global using System.Globalization;
global using System.Text;
global using CertDesk.Data;
global using CertDesk.Features.Accounts;
global using CertDesk.Features.Organization;
global using CertDesk.Features.Shared;
global using CertDesk.Hosting;
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.EntityFrameworkCore.Metadata.Builders;
global using Microsoft.Extensions.Options;
