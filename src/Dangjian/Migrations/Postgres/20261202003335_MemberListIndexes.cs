using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MemberListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_NameInitials_NamePinyin_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_NamePinyin_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members");

            migrationBuilder.CreateIndex(
                name: "IX_Members_Assisting_BirthDate",
                table: "Members",
                columns: new[] { "BirthDate", "Id" },
                filter: "\"IsAssisting\"")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Assisting_JoinedOn",
                table: "Members",
                columns: new[] { "JoinedOn", "Id" },
                filter: "\"IsAssisting\"")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Assisting_NamePinyin",
                table: "Members",
                columns: new[] { "NamePinyin", "Id" },
                filter: "\"IsAssisting\"")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Assisting_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"IsAssisting\"")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_BirthDate_Id",
                table: "Members",
                columns: new[] { "BirthDate", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_JoinedOn_Id",
                table: "Members",
                columns: new[] { "JoinedOn", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_LostContact_BirthDate",
                table: "Members",
                columns: new[] { "BirthDate", "Id" },
                filter: "\"LostContact\"")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_LostContact_JoinedOn",
                table: "Members",
                columns: new[] { "JoinedOn", "Id" },
                filter: "\"LostContact\"")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_LostContact_NamePinyin",
                table: "Members",
                columns: new[] { "NamePinyin", "Id" },
                filter: "\"LostContact\"")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_LostContact_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"LostContact\"")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Mobile_BirthDate",
                table: "Members",
                columns: new[] { "BirthDate", "Id" },
                filter: "\"IsMobile\"")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Mobile_JoinedOn",
                table: "Members",
                columns: new[] { "JoinedOn", "Id" },
                filter: "\"IsMobile\"")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Mobile_NamePinyin",
                table: "Members",
                columns: new[] { "NamePinyin", "Id" },
                filter: "\"IsMobile\"")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Mobile_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"IsMobile\"")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_NameInitials_NamePinyin_Id",
                table: "Members",
                columns: new[] { "NameInitials", "NamePinyin", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_NamePinyin_Id",
                table: "Members",
                columns: new[] { "NamePinyin", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Probationary_BirthDate",
                table: "Members",
                columns: new[] { "BirthDate", "Id" },
                filter: "\"Category\" = 'Probationary'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Probationary_JoinedOn",
                table: "Members",
                columns: new[] { "JoinedOn", "Id" },
                filter: "\"Category\" = 'Probationary'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Probationary_NamePinyin",
                table: "Members",
                columns: new[] { "NamePinyin", "Id" },
                filter: "\"Category\" = 'Probationary'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Probationary_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"Category\" = 'Probationary'")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Reserved_BirthDate",
                table: "Members",
                columns: new[] { "BirthDate", "Id" },
                filter: "\"Status\" = 'Reserved'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Reserved_JoinedOn",
                table: "Members",
                columns: new[] { "JoinedOn", "Id" },
                filter: "\"Status\" = 'Reserved'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Reserved_NamePinyin",
                table: "Members",
                columns: new[] { "NamePinyin", "Id" },
                filter: "\"Status\" = 'Reserved'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Reserved_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"Status\" = 'Reserved'")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Stopped_BirthDate",
                table: "Members",
                columns: new[] { "BirthDate", "Id" },
                filter: "\"Status\" = 'Stopped'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Stopped_JoinedOn",
                table: "Members",
                columns: new[] { "JoinedOn", "Id" },
                filter: "\"Status\" = 'Stopped'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Stopped_NamePinyin",
                table: "Members",
                columns: new[] { "NamePinyin", "Id" },
                filter: "\"Status\" = 'Stopped'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Stopped_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"Status\" = 'Stopped'")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_Assisting_BirthDate",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Assisting_JoinedOn",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Assisting_NamePinyin",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Assisting_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_BirthDate_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_JoinedOn_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_LostContact_BirthDate",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_LostContact_JoinedOn",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_LostContact_NamePinyin",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_LostContact_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Mobile_BirthDate",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Mobile_JoinedOn",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Mobile_NamePinyin",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Mobile_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_NameInitials_NamePinyin_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_NamePinyin_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Probationary_BirthDate",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Probationary_JoinedOn",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Probationary_NamePinyin",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Probationary_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Reserved_BirthDate",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Reserved_JoinedOn",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Reserved_NamePinyin",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Reserved_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Stopped_BirthDate",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Stopped_JoinedOn",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Stopped_NamePinyin",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Stopped_OrgPath",
                table: "Members");

            migrationBuilder.CreateIndex(
                name: "IX_Members_NameInitials_NamePinyin_Id",
                table: "Members",
                columns: new[] { "NameInitials", "NamePinyin", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_NamePinyin_Id",
                table: "Members",
                columns: new[] { "NamePinyin", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt" });
        }
    }
}
