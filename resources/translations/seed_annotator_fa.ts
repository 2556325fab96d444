<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa">
<context>
    <name>AgreementPane</name>
    <message>
        <source>Agreement between annotators</source>
        <translation>توافق میان برچسب‌گذاران</translation>
    </message>
    <message>
        <source>Measuring agreement</source>
        <translation>در حال سنجش توافق</translation>
    </message>
    <message>
        <source>Listing disagreements</source>
        <translation>در حال فهرست کردن اختلاف‌ها</translation>
    </message>
</context>
<context>
    <name>AgreementView</name>
    <message>
        <source>first</source>
        <translation>اول</translation>
    </message>
    <message>
        <source>second</source>
        <translation>دوم</translation>
    </message>
    <message numerus="yes">
        <source>%n disagreement(s)</source>
        <translation>
            <numerusform>%n اختلاف</numerusform>
        </translation>
    </message>
    <message>
        <source>Click a figure or a bar to list the disagreeing spans</source>
        <translation>برای فهرست بازه‌های ناهمخوان روی یک عدد یا ستون کلیک کنید</translation>
    </message>
    <message>
        <source>F1 exact</source>
        <translation>F1 دقیق</translation>
    </message>
    <message>
        <source>F1 overlap</source>
        <translation>F1 هم‌پوشانی</translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa</source>
        <translation>کاپای کوهن</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>دقت</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>بازیابی</translation>
    </message>
    <message>
        <source>α_U</source>
        <translation>α_U</translation>
    </message>
    <message>
        <source>Spans match only with the same start, end and label</source>
        <translation>بازه‌ها تنها با آغاز، پایان و برچسب یکسان مطابق‌اند</translation>
    </message>
    <message>
        <source>Spans match when they overlap and share the label</source>
        <translation>بازه‌ها وقتی مطابق‌اند که هم‌پوشانی داشته باشند و برچسبشان یکی باشد</translation>
    </message>
    <message>
        <source>Overlap matching: share of the second annotator&apos;s spans the first has</source>
        <translation>تطابق هم‌پوشانی: سهم بازه‌های برچسب‌گذار دوم که اولی هم دارد</translation>
    </message>
    <message>
        <source>Overlap matching: share of the first annotator&apos;s spans the second has</source>
        <translation>تطابق هم‌پوشانی: سهم بازه‌های برچسب‌گذار اول که دومی هم دارد</translation>
    </message>
    <message>
        <source>Krippendorff&apos;s unitizing alpha over all annotators, not only this pair</source>
        <translation>آلفای واحدبندی کریپندورف روی همهٔ برچسب‌گذاران، نه فقط این دو نفر</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>اسناد</translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation>برچسب‌گذاران</translation>
    </message>
    <message>
        <source>Fleiss&apos; κ</source>
        <translation>κ فلایس</translation>
    </message>
    <message>
        <source>Label agreement, all annotators</source>
        <translation>توافق بر سر برچسب‌ها، همهٔ برچسب‌گذاران</translation>
    </message>
    <message>
        <source>Krippendorff&apos;s α</source>
        <translation>α کریپندورف</translation>
    </message>
    <message>
        <source>Label agreement, all annotators, missing annotations allowed</source>
        <translation>توافق بر سر برچسب‌ها، همهٔ برچسب‌گذاران، با پذیرش برچسب‌گذاری‌های ناقص</translation>
    </message>
    <message>
        <source>Agreement on where spans lie</source>
        <translation>توافق بر سر جای بازه‌ها</translation>
    </message>
    <message>
        <source>&amp;Pair metric:</source>
        <translation>&amp;معیار دوبه‌دو:</translation>
    </message>
    <message>
        <source>Not enough data for this figure (too few annotators, documents or spans)</source>
        <translation>داده برای این رقم کافی نیست (برچسب‌گذاران، اسناد یا بازه‌ها بسیار کم‌اند)</translation>
    </message>
    <message>
        <source>Colours follow Krippendorff&apos;s guide:
green ≥ 0.80 reliable, pale green ≥ 0.667 tentative,
amber ≥ 0.40 weak, red &lt; 0.40 poor</source>
        <translation>رنگ‌ها از راهنمای کریپندورف پیروی می‌کنند:
سبز ≥ 0.80 قابل اعتماد، سبز کم‌رنگ ≥ 0.667 آزمایشی،
کهربایی ≥ 0.40 ضعیف، قرمز &lt; 0.40 نامناسب</translation>
    </message>
    <message>
        <source>not defined</source>
        <translation>تعریف‌نشده</translation>
    </message>
    <message>
        <source>%s and %s were not compared</source>
        <translation>%s و %s مقایسه نشده‌اند</translation>
    </message>
    <message>
        <source>No pair of annotators to compare</source>
        <translation>هیچ دو برچسب‌گذاری برای مقایسه نیست</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) in common</source>
        <translation>
            <numerusform>%n سند مشترک</numerusform>
        </translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>همهٔ برچسب‌ها</translation>
    </message>
    <message>
        <source>α_U (all annotators)</source>
        <translation>α_U (همهٔ برچسب‌گذاران)</translation>
    </message>
</context>
<context>
    <name>AnnotateMode</name>
    <message>
        <source>Select text or focus a span (Tab) first, then press a label key</source>
        <translation>نخست متنی را انتخاب کنید یا روی یک بازه بروید (Tab)، سپس کلید یک برچسب را بزنید</translation>
    </message>
    <message>
        <source>Focus a span first (Tab), then press Delete</source>
        <translation>نخست روی یک بازه بروید (Tab)، سپس Delete را بزنید</translation>
    </message>
    <message>
        <source>Every document is done. Document ▸ Mark in progress reopens one.</source>
        <translation>همهٔ اسناد انجام‌شده‌اند. با «سند ▸ علامت در حال انجام» می‌توانید سندی را دوباره باز کنید.</translation>
    </message>
    <message>
        <source>New label</source>
        <translation>برچسب تازه</translation>
    </message>
    <message>
        <source>Label name:</source>
        <translation>نام برچسب:</translation>
    </message>
    <message>
        <source>Added label %s%s</source>
        <translation>برچسب %s%s افزوده شد</translation>
    </message>
    <message>
        <source>This document has not been reviewed yet: there is no gold to compare.</source>
        <translation>این سند هنوز بازبینی نشده است؛ مرجعی برای مقایسه نیست.</translation>
    </message>
    <message>
        <source>Focus a suggestion first (Tab), then press Y</source>
        <translation>نخست روی یک پیشنهاد بروید (Tab)، سپس Y را بزنید</translation>
    </message>
    <message>
        <source>Focus a suggestion first (Tab), then press N</source>
        <translation>نخست روی یک پیشنهاد بروید (Tab)، سپس N را بزنید</translation>
    </message>
    <message>
        <source>Focus a suggestion first (Tab), then press Ctrl+Shift+Y</source>
        <translation>نخست روی یک پیشنهاد بروید (Tab)، سپس Ctrl+Shift+Y را بزنید</translation>
    </message>
    <message>
        <source>No source chosen</source>
        <translation>منبعی انتخاب نشد</translation>
    </message>
    <message>
        <source>Focus a claim first (Tab), then press S</source>
        <translation>نخست روی یک ادعا بروید (Tab)، سپس S را بزنید</translation>
    </message>
    <message>
        <source>Said by %s? Enter confirms; click or Tab to another actor; Esc cancels</source>
        <translation>گفتهٔ %s؟ Enter تأیید می‌کند؛ برای کنشگر دیگر کلیک کنید یا Tab بزنید؛ Esc لغو می‌کند</translation>
    </message>
    <message>
        <source>Who said it? Click an actor span, or Tab to one and press Enter; Esc cancels</source>
        <translation>گوینده کیست؟ روی بازهٔ یک کنشگر کلیک کنید، یا با Tab به آن بروید و Enter را بزنید؛ Esc لغو می‌کند</translation>
    </message>
    <message>
        <source>Focus a claim that has a source, then press Shift+S</source>
        <translation>روی ادعایی که منبع دارد بروید، سپس Shift+S را بزنید</translation>
    </message>
    <message>
        <source>A source is an actor span</source>
        <translation>منبع باید بازهٔ یک کنشگر باشد</translation>
    </message>
    <message>
        <source>Link claim to source</source>
        <translation>پیوند دادن ادعا به منبع</translation>
    </message>
    <message>
        <source>Source linked</source>
        <translation>منبع پیوند داده شد</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source>n/a</source>
        <translation>نامعلوم</translation>
    </message>
    <message>
        <source>not defined</source>
        <translation>تعریف‌نشده</translation>
    </message>
</context>
<context>
    <name>CandidateModel</name>
    <message>
        <source>pending</source>
        <translation>در انتظار</translation>
    </message>
    <message>
        <source>✓ gold</source>
        <translation>✓ مرجع</translation>
    </message>
    <message>
        <source>✗ rejected</source>
        <translation>✗ ردشده</translation>
    </message>
    <message>
        <source>gold</source>
        <translation>مرجع</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>ویرایش‌شده</translation>
    </message>
    <message>
        <source>added</source>
        <translation>افزوده</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>پذیرفته</translation>
    </message>
    <message>
        <source>Everyone who did this document marked it</source>
        <translation>همهٔ کسانی که روی این سند کار کرده‌اند آن را علامت زده‌اند</translation>
    </message>
    <message>
        <source>Someone marked overlapping text with another label</source>
        <translation>کسی متنی هم‌پوشان را با برچسب دیگری علامت زده است</translation>
    </message>
    <message>
        <source>Only some of the annotators marked it</source>
        <translation>فقط برخی از برچسب‌گذاران آن را علامت زده‌اند</translation>
    </message>
    <message>
        <source>Gold (%s) by %s</source>
        <translation>مرجع (%s) از سوی %s</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>مرجع</translation>
    </message>
    <message>
        <source>Everyone who marked the claim and the actor linked them</source>
        <translation>همهٔ کسانی که ادعا و کنشگر را علامت زده‌اند آن دو را به هم پیوند داده‌اند</translation>
    </message>
    <message>
        <source>The annotators disagree on who said this claim</source>
        <translation>برچسب‌گذاران بر سر گویندهٔ این ادعا اختلاف دارند</translation>
    </message>
    <message>
        <source>A gold link no annotator drew</source>
        <translation>پیوندی در مرجع که هیچ برچسب‌گذاری برقرار نکرده است</translation>
    </message>
    <message>
        <source>Accept the claim and the actor into gold to decide it</source>
        <translation>برای تصمیم‌گیری دربارهٔ آن، نخست ادعا و کنشگر را در مرجع بپذیرید</translation>
    </message>
    <message>
        <source>said by</source>
        <translation>گوینده</translation>
    </message>
    <message>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Marked by</source>
        <translation>علامت‌گذاران</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>برچسب</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>متن</translation>
    </message>
</context>
<context>
    <name>CandidatePanel</name>
    <message>
        <source>Accept link</source>
        <translation>پذیرفتن پیوند</translation>
    </message>
    <message>
        <source>Reject link</source>
        <translation>رد کردن پیوند</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>پذیرفتن</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>رد کردن</translation>
    </message>
    <message>
        <source>Remove from gold</source>
        <translation>حذف از مرجع</translation>
    </message>
    <message>
        <source>Gold as %s</source>
        <translation>مرجع با برچسب %s</translation>
    </message>
</context>
<context>
    <name>ClaimsModel</name>
    <message>
        <source>Document</source>
        <translation>سند</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>در اختیار</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>از</translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>Unexpected error</source>
        <translation>خطای غیرمنتظره</translation>
    </message>
    <message>
        <source>Something went wrong: %1

Everything you annotated was saved when you made it; nothing stored is lost. The details are in the log:
%2</source>
        <translation>مشکلی پیش آمد: %1

هر برچسبی که زده‌اید همان لحظه ذخیره شده است؛ هیچ دادهٔ ذخیره‌شده‌ای از دست نرفته است. جزئیات در فایل گزارش آمده است:
%2</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Not read yet</source>
        <translation>هنوز خوانده نشده</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>تازه‌سازی</translation>
    </message>
    <message>
        <source>Read the server again (F5)</source>
        <translation>خواندن دوبارهٔ سرور (F5)</translation>
    </message>
    <message>
        <source>Release claim…</source>
        <translation>آزاد کردن رزرو…</translation>
    </message>
    <message>
        <source>Release the selected claim, so that another lead may adjudicate (Delete)</source>
        <translation>رزرو انتخاب‌شده را آزاد کنید تا سرپرست دیگری بتواند داوری کند (Delete)</translation>
    </message>
    <message>
        <source>Documents compared</source>
        <translation>اسناد سنجیده</translation>
    </message>
    <message>
        <source>Documents finished by two or more analysts</source>
        <translation>اسنادی که دو تحلیلگر یا بیشتر تمامشان کرده‌اند</translation>
    </message>
    <message>
        <source>Krippendorff&apos;s α</source>
        <translation>α کریپندورف</translation>
    </message>
    <message>
        <source>Label agreement on tokens, missing annotations allowed</source>
        <translation>توافق بر سر برچسب‌ها در توکن‌ها، با پذیرش برچسب‌گذاری‌های ناقص</translation>
    </message>
    <message>
        <source>Fleiss&apos; κ</source>
        <translation>κ فلایس</translation>
    </message>
    <message>
        <source>Label agreement on the documents every compared analyst finished</source>
        <translation>توافق بر سر برچسب‌ها در اسنادی که همهٔ تحلیلگران سنجیده تمام کرده‌اند</translation>
    </message>
    <message>
        <source>α_U</source>
        <translation>α_U</translation>
    </message>
    <message>
        <source>Agreement on where spans lie</source>
        <translation>توافق بر سر جای بازه‌ها</translation>
    </message>
    <message>
        <source>&amp;People</source>
        <translation>&amp;افراد</translation>
    </message>
    <message>
        <source>&amp;Documents</source>
        <translation>&amp;اسناد</translation>
    </message>
    <message>
        <source>&amp;Agreement so far</source>
        <translation>توافق تا &amp;اکنون</translation>
    </message>
    <message>
        <source>&amp;Claims</source>
        <translation>&amp;رزروها</translation>
    </message>
    <message>
        <source>As of %s</source>
        <translation>تا ساعت %s</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) in all</source>
        <translation>
            <numerusform>روی هم %n سند</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finished by two or more analysts</source>
        <translation>
            <numerusform>%n سند را دو تحلیلگر یا بیشتر تمام کرده‌اند</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finished by nobody yet</source>
        <translation>
            <numerusform>%n سند را هنوز کسی تمام نکرده</numerusform>
        </translation>
    </message>
    <message>
        <source>Still to ask of the server&apos;s administrator:</source>
        <translation>هنوز باید از مدیر سرور خواست:</translation>
    </message>
    <message>
        <source>No document is finished by two analysts yet</source>
        <translation>هنوز هیچ سندی را دو تحلیلگر تمام نکرده‌اند</translation>
    </message>
    <message>
        <source>Not refreshed: %s</source>
        <translation>تازه نشد: %s</translation>
    </message>
</context>
<context>
    <name>DisagreementModel</name>
    <message>
        <source>only in %s</source>
        <translation>فقط در %s</translation>
    </message>
    <message>
        <source>other label</source>
        <translation>برچسب دیگر</translation>
    </message>
    <message>
        <source>other boundaries</source>
        <translation>مرزهای دیگر</translation>
    </message>
    <message>
        <source>overlapping, other label</source>
        <translation>هم‌پوشان، برچسب دیگر</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>سند</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>تفاوت</translation>
    </message>
</context>
<context>
    <name>DocumentList</name>
    <message>
        <source>Persian</source>
        <translation>فارسی</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>عربی</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>دیگر</translation>
    </message>
    <message>
        <source>Search titles and text</source>
        <translation>جستجو در عنوان‌ها و متن</translation>
    </message>
    <message>
        <source>In document order</source>
        <translation>به ترتیب اسناد</translation>
    </message>
    <message>
        <source>Least sure first</source>
        <translation>نامطمئن‌ترین‌ها نخست</translation>
    </message>
    <message>
        <source>Least sure first: what the model is least sure of, to annotate next</source>
        <translation>نامطمئن‌ترین‌ها نخست: آنچه مدل کمتر از همه به آن مطمئن است، برای حاشیه‌نویسی بعدی</translation>
    </message>
    <message>
        <source>Ranking…</source>
        <translation>در حال رتبه‌بندی…</translation>
    </message>
    <message numerus="yes">
        <source> (%Ln more unranked)</source>
        <translation>
            <numerusform> (%Ln سند دیگر رتبه‌بندی نشده)</numerusform>
        </translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>همهٔ وضعیت‌ها</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>همهٔ زبان‌ها</translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>همهٔ برچسب‌ها</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln سند</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentTableModel</name>
    <message>
        <source>Title</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <source>Lang</source>
        <translation>زبان</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>بازه‌ها</translation>
    </message>
    <message>
        <source>new</source>
        <translation>جدید</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>در حال انجام</translation>
    </message>
    <message>
        <source>done</source>
        <translation>انجام‌شده</translation>
    </message>
    <message>
        <source>reviewed</source>
        <translation>بازبینی‌شده</translation>
    </message>
    <message>
        <source>The model&apos;s uncertainty: %s</source>
        <translation>عدم اطمینان مدل: %s</translation>
    </message>
    <message>
        <source>not assigned</source>
        <translation>واگذار نشده</translation>
    </message>
    <message>
        <source>The lead has taken this document back from you. It stays here with your work; edits you make on it are kept and sent if it is assigned to you again.</source>
        <translation>سرپرست این سند را از شما پس گرفته است. سند با کار شما همین‌جا می‌ماند؛ ویرایش‌هایتان روی آن نگه داشته می‌شود و اگر دوباره به شما واگذار شود فرستاده می‌شود.</translation>
    </message>
</context>
<context>
    <name>DocumentsModel</name>
    <message>
        <source>Document</source>
        <translation>سند</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>سپرده‌شده</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>تمام‌شده</translation>
    </message>
    <message>
        <source>Disagreement</source>
        <translation>ناهمخوانی</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>خروجی گرفتن</translation>
    </message>
    <message>
        <source>My spans (%s)</source>
        <translation>بازه‌های من (%s)</translation>
    </message>
    <message>
        <source>Gold (reviewed documents only)</source>
        <translation>مرجع طلایی (فقط اسناد بازبینی‌شده)</translation>
    </message>
    <message>
        <source>Seed Annotator JSONL</source>
        <translation>JSONL برنامهٔ Seed Annotator</translation>
    </message>
    <message>
        <source>JSON Lines</source>
        <translation>JSON Lines</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>CoNLL</source>
        <translation>CoNLL</translation>
    </message>
    <message>
        <source>spaCy DocBin</source>
        <translation>spaCy DocBin</translation>
    </message>
    <message>
        <source>A new folder</source>
        <translation>پوشه‌ای تازه</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>همهٔ پرونده‌ها</translation>
    </message>
    <message>
        <source>Only documents marked done</source>
        <translation>فقط اسنادی که انجام‌شده علامت خورده‌اند</translation>
    </message>
    <message>
        <source>Offsets into the original (unnormalised) text</source>
        <translation>موقعیت‌ها در متن اصلی (نرمال‌نشده)</translation>
    </message>
    <message>
        <source>Include tokens</source>
        <translation>همراه با توکن‌ها</translation>
    </message>
    <message>
        <source>Include outside models&apos; predictions</source>
        <translation>همراه با پیش‌بینی‌های مدل‌های بیرونی</translation>
    </message>
    <message>
        <source>Kept apart from annotations, where the format has a place for them</source>
        <translation>جدا از برچسب‌گذاری‌ها، در قالب‌هایی که جایی برایشان دارند</translation>
    </message>
    <message>
        <source>Spread every label over the splits</source>
        <translation>پخش هر برچسب در همهٔ بخش‌ها</translation>
    </message>
    <message>
        <source>Whose spans:</source>
        <translation>بازه‌های چه کسی:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>قالب:</translation>
    </message>
    <message>
        <source>Split by document:</source>
        <translation>تقسیم بر پایهٔ سند:</translation>
    </message>
    <message>
        <source>Split seed:</source>
        <translation>بذر تقسیم:</translation>
    </message>
</context>
<context>
    <name>FileCommands</name>
    <message>
        <source>Import articles</source>
        <translation>وارد کردن مقاله‌ها</translation>
    </message>
    <message>
        <source>Articles and annotations (%1)</source>
        <translation>مقاله‌ها و برچسب‌گذاری‌ها (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>همهٔ پرونده‌ها (*)</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>در حال وارد کردن</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>خروجی گرفتن</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>در حال خروجی گرفتن</translation>
    </message>
    <message>
        <source>The search index of %1 is damaged (%2).

Rebuild it from the documents now? Your documents and annotations are not affected.</source>
        <translation>نمایهٔ جستجوی %1 آسیب دیده است (%2).

هم‌اکنون از روی سندها از نو ساخته شود؟ سندها و برچسب‌گذاری‌های شما دست نمی‌خورند.</translation>
    </message>
    <message>
        <source>Search index damaged</source>
        <translation>نمایهٔ جستجو آسیب دیده است</translation>
    </message>
    <message>
        <source>Rebuilding the search index</source>
        <translation>ساختن دوبارهٔ نمایهٔ جستجو</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>باز کردن پروژه</translation>
    </message>
    <message>
        <source>Seed Annotator projects (*.seedproj);;All files (*)</source>
        <translation>پروژه‌های Seed Annotator (*.seedproj);;همهٔ پرونده‌ها (*)</translation>
    </message>
    <message>
        <source>%s is the project open here.</source>
        <translation>%s همین پروژهٔ باز است.</translation>
    </message>
    <message>
        <source>%s is not there any more.</source>
        <translation>%s دیگر وجود ندارد.</translation>
    </message>
    <message>
        <source>Seed Annotator could not be started for %s.</source>
        <translation>Seed Annotator برای %s اجرا نشد.</translation>
    </message>
    <message>
        <source>Opening %s in a new window…</source>
        <translation>باز کردن %s در پنجره‌ای تازه…</translation>
    </message>
    <message>
        <source>No other projects yet</source>
        <translation>هنوز پروژهٔ دیگری نیست</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in document</source>
        <translation>جستجو در سند</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>مورد قبلی (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>مورد بعدی (Enter)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>بستن (Esc)</translation>
    </message>
    <message>
        <source>%s of %s</source>
        <translation>%s از %s</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>موردی یافت نشد</translation>
    </message>
</context>
<context>
    <name>GoldDifferencesDialog</name>
    <message>
        <source>In gold, not in yours</source>
        <translation>در مرجع، نه در کار شما</translation>
    </message>
    <message>
        <source>Yours, not in gold</source>
        <translation>در کار شما، نه در مرجع</translation>
    </message>
    <message>
        <source>Other label in gold</source>
        <translation>برچسب دیگری در مرجع</translation>
    </message>
    <message>
        <source>Other edges in gold</source>
        <translation>مرزهای دیگری در مرجع</translation>
    </message>
    <message>
        <source>Gold and your work</source>
        <translation>مرجع و کار شما</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>تفاوت</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>مرجع</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>کار شما</translation>
    </message>
    <message>
        <source>Gold and your spans agree on this document.</source>
        <translation>مرجع و بازه‌های شما در این سند یکسان‌اند.</translation>
    </message>
</context>
<context>
    <name>JoinCommand</name>
    <message>
        <source>Joining the team project</source>
        <translation>پیوستن به پروژهٔ تیمی</translation>
    </message>
    <message>
        <source>Joined as %1 (%2): %3 document(s) in %4.</source>
        <translation>به نام %1 (%2) پیوستید: %3 سند در %4.</translation>
    </message>
    <message>
        <source>Server rows left out, for a name holding control or text-direction characters, attributes or meta that are no JSON object, or a document no import would store: %1 (see the log).</source>
        <translation>ردیف‌هایی از سرور کنار گذاشته شد، برای نامی که نویسهٔ کنترلی یا جهت‌دهندهٔ متن دارد، ویژگی‌ها یا فراداده‌ای که شیء JSON نیست، یا سندی که وارد کردن هرگز آن را نگه نمی‌داشت: %1 (گزارش برنامه را ببینید).</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <source>Join team project</source>
        <translation>پیوستن به پروژهٔ تیمی</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;سرور:</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>&amp;نام شما:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;گذرواژه:</translation>
    </message>
</context>
<context>
    <name>LabelPalette</name>
    <message>
        <source>Add a label to this project</source>
        <translation>افزودن برچسب به این پروژه</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>actor</source>
        <translation>کنشگر</translation>
    </message>
    <message>
        <source>date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <source>topic</source>
        <translation>موضوع</translation>
    </message>
    <message>
        <source>claim</source>
        <translation>ادعا</translation>
    </message>
    <message>
        <source>A person, organisation or state that acts or speaks</source>
        <translation>شخص، سازمان یا دولتی که کاری می‌کند یا سخنی می‌گوید</translation>
    </message>
    <message>
        <source>A date or time expression, in any calendar</source>
        <translation>عبارتی برای تاریخ یا زمان، در هر تقویمی</translation>
    </message>
    <message>
        <source>What the article is about: a country, a crisis, an issue</source>
        <translation>آنچه مقاله دربارهٔ آن است: یک کشور، یک بحران، یک مسئله</translation>
    </message>
    <message>
        <source>A statement attributed to someone</source>
        <translation>سخنی که به کسی نسبت داده شده است</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Preparing the demo corpus</source>
        <translation>آماده‌سازی پیکرهٔ نمونه</translation>
    </message>
    <message>
        <source>Preparing the demo corpus…</source>
        <translation>در حال آماده‌سازی پیکرهٔ نمونه…</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>اسناد</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>بازه‌ها</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>برچسب‌ها</translation>
    </message>
    <message>
        <source>Project: %s (read-only)</source>
        <translation>پروژه: %s (فقط خواندنی)</translation>
    </message>
    <message>
        <source>Ranking documents by the model&apos;s uncertainty</source>
        <translation>رتبه‌بندی اسناد بر پایهٔ عدم اطمینان مدل</translation>
    </message>
    <message>
        <source>Annotator: %s</source>
        <translation>برچسب‌گذار: %s</translation>
    </message>
    <message>
        <source>Project: %s</source>
        <translation>پروژه: %s</translation>
    </message>
    <message>
        <source>Reviewer: %s</source>
        <translation>بازبین: %s</translation>
    </message>
    <message>
        <source>%d of %d done</source>
        <translation>%d از %d انجام‌شده</translation>
    </message>
    <message>
        <source>Seed Annotator</source>
        <translation>Seed Annotator</translation>
    </message>
</context>
<context>
    <name>ModelKeeper</name>
    <message>
        <source>Model: not loaded (%s)</source>
        <translation>مدل: بارگذاری نشد (%s)</translation>
    </message>
    <message>
        <source>Model: none yet</source>
        <translation>مدل: هنوز نیست</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln سند</numerusform>
        </translation>
    </message>
    <message>
        <source>Model trained: F1 %s (%s)</source>
        <translation>مدل آموزش دید: F1 %s (%s)</translation>
    </message>
    <message>
        <source>Model trained (%s; too few to measure)</source>
        <translation>مدل آموزش دید (%s؛ برای سنجش کم است)</translation>
    </message>
    <message>
        <source>Model: out of date (the labels changed)</source>
        <translation>مدل: کهنه (برچسب‌ها تغییر کرده‌اند)</translation>
    </message>
    <message>
        <source>Model: not trained yet</source>
        <translation>مدل: هنوز آموزش ندیده</translation>
    </message>
    <message>
        <source>Model: not enough annotations yet</source>
        <translation>مدل: هنوز حاشیه‌نویسی کافی نیست</translation>
    </message>
    <message>
        <source>The model is training already; it trains again after.</source>
        <translation>مدل هم‌اکنون در حال آموزش است؛ پس از آن دوباره آموزش می‌بیند.</translation>
    </message>
    <message>
        <source>Nothing to learn from yet: mark documents with spans done first.</source>
        <translation>هنوز چیزی برای یادگیری نیست: نخست اسنادی را که بازه دارند انجام‌شده علامت بزنید.</translation>
    </message>
    <message>
        <source>Model: could not start training (%s)</source>
        <translation>مدل: آموزش آغاز نشد (%s)</translation>
    </message>
    <message>
        <source>Training the model…</source>
        <translation>در حال آموزش مدل…</translation>
    </message>
    <message>
        <source>Training the model… (measuring %d/%d)</source>
        <translation>در حال آموزش مدل… (سنجش %d/%d)</translation>
    </message>
    <message>
        <source>Training the model… (%d%%)</source>
        <translation>در حال آموزش مدل… (%d%%)</translation>
    </message>
    <message>
        <source>Model: training failed (%s)</source>
        <translation>مدل: آموزش ناموفق بود (%s)</translation>
    </message>
</context>
<context>
    <name>ModelPane</name>
    <message>
        <source>The model</source>
        <translation>مدل</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>برچسب</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>بازه‌ها</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>دقت</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>بازیابی</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>آستانه</translation>
    </message>
    <message>
        <source>Precision there</source>
        <translation>دقت در آستانه</translation>
    </message>
    <message>
        <source>Recall there</source>
        <translation>بازیابی در آستانه</translation>
    </message>
    <message>
        <source>Learning curve: F1 on held-out documents</source>
        <translation>منحنی یادگیری: F1 روی اسناد کنارگذاشته</translation>
    </message>
    <message>
        <source>only when asked</source>
        <translation>فقط به درخواست</translation>
    </message>
    <message>
        <source> new spans</source>
        <translation> بازهٔ تازه</translation>
    </message>
    <message>
        <source>Train now</source>
        <translation>اکنون آموزش بده</translation>
    </message>
    <message>
        <source>Retrain after every:</source>
        <translation>آموزش دوباره پس از هر:</translation>
    </message>
    <message>
        <source>The model learns from your finished documents (Ctrl+Enter).</source>
        <translation>مدل از اسناد انجام‌شدهٔ شما یاد می‌گیرد (Ctrl+Enter).</translation>
    </message>
    <message numerus="yes">
        <source>Learnt from %Ln document(s)</source>
        <translation>
            <numerusform>آموخته از %Ln سند</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %Ln span(s)</source>
        <translation>
            <numerusform>، %Ln بازه</numerusform>
        </translation>
    </message>
    <message>
        <source> in %s s of CPU</source>
        <translation> در %s ثانیه پردازنده</translation>
    </message>
    <message>
        <source>Measured on held-out documents (%d-fold, exact spans). A threshold is the confidence a suggestion needs to be shown; the training chose the lowest that reached precision %s.</source>
        <translation>سنجیده روی اسناد کنارگذاشته (%d بخشی، بازه‌های دقیق). آستانه اطمینانی است که یک پیشنهاد برای نمایش لازم دارد؛ آموزش پایین‌ترین آستانه‌ای را برگزید که به دقت %s رسید.</translation>
    </message>
    <message>
        <source>No threshold of %s reached it: the training chose the one of best precision.</source>
        <translation>هیچ آستانه‌ای از %s به آن نرسید: آموزش آستانهٔ بهترین دقت را برگزید.</translation>
    </message>
    <message>
        <source>No suggestion of %s was right on held-out documents where no rule proposes: none is shown.</source>
        <translation>هیچ پیشنهادی از %s روی اسناد کنارگذاشته، جایی که هیچ قاعده‌ای پیشنهاد نمی‌دهد، درست نبود: هیچ‌کدام نمایش داده نمی‌شود.</translation>
    </message>
    <message>
        <source>Not measured yet: it needs at least 4 finished documents.</source>
        <translation>هنوز سنجیده نشده: دست‌کم ۴ سند انجام‌شده لازم است.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln سند</numerusform>
        </translation>
    </message>
    <message>
        <source>Threshold of %s</source>
        <translation>آستانهٔ %s</translation>
    </message>
    <message>
        <source>Not measured at this threshold</source>
        <translation>در این آستانه سنجیده نشده</translation>
    </message>
    <message>
        <source>The thresholds could not be stored: %s</source>
        <translation>آستانه‌ها ذخیره نشدند: %s</translation>
    </message>
</context>
<context>
    <name>NameDialog</name>
    <message>
        <source>Your name</source>
        <translation>نام شما</translation>
    </message>
    <message>
        <source>Change your name</source>
        <translation>تغییر نام</translation>
    </message>
    <message>
        <source>Annotator name (stored with every tag you make):</source>
        <translation>نام برچسب‌گذار (همراه هر برچسبی که می‌زنید ذخیره می‌شود):</translation>
    </message>
</context>
<context>
    <name>PairsModel</name>
    <message>
        <source>Pair</source>
        <translation>جفت</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>اسناد</translation>
    </message>
    <message>
        <source>F1 exact</source>
        <translation>F1 دقیق</translation>
    </message>
    <message>
        <source>F1 overlap</source>
        <translation>F1 هم‌پوشانی</translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa</source>
        <translation>کاپای کوهن</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <source>Person</source>
        <translation>فرد</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>سپرده‌شده</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>در جریان</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>تمام‌شده</translation>
    </message>
    <message>
        <source>Not assigned</source>
        <translation>خارج از سپرده‌ها</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>آخرین حضور</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Light</source>
        <translation>روشن</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>تیره</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>ترجیحات</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> پوینت</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>زبان سیستم</translation>
    </message>
    <message>
        <source>A new language shows after a restart.</source>
        <translation>زبان تازه پس از راه‌اندازی دوباره اعمال می‌شود.</translation>
    </message>
    <message>
        <source>%s + drag</source>
        <translation>%s + کشیدن</translation>
    </message>
    <message>
        <source>Hold it while selecting with the mouse to keep the exact characters instead of whole words. Many Linux desktops move windows on Alt+drag.</source>
        <translation>هنگام گزینش با ماوس این کلید را نگه دارید تا به‌جای واژه‌های کامل، دقیقاً همان نویسه‌ها گزیده شوند. بسیاری از میزکارهای لینوکس با Alt+کشیدن پنجره‌ها را جابه‌جا می‌کنند.</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>نام شما:</translation>
    </message>
    <message>
        <source>Font size:</source>
        <translation>اندازهٔ قلم:</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>پوسته:</translation>
    </message>
    <message>
        <source>Interface language:</source>
        <translation>زبان رابط کاربری:</translation>
    </message>
    <message>
        <source>Exact selection:</source>
        <translation>گزینش دقیق:</translation>
    </message>
</context>
<context>
    <name>QGuiApplication</name>
    <message>
        <source>QT_LAYOUT_DIRECTION</source>
        <translation>RTL</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Score</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>سند</translation>
    </message>
    <message>
        <source>Fewer than two of the annotators did this document</source>
        <translation>کمتر از دو برچسب‌گذار روی این سند کار کرده‌اند</translation>
    </message>
    <message>
        <source>1 − mean overlap F1 of the annotator pairs on this document</source>
        <translation>1 − میانگین F1 هم‌پوشانی جفت‌های برچسب‌گذار در این سند</translation>
    </message>
</context>
<context>
    <name>ReviewMode</name>
    <message>
        <source> — review</source>
        <translation> — بازبینی</translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation>صف بازبینی</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>پیشنهادها</translation>
    </message>
    <message>
        <source>Review compares two or more annotators; this project has %d with work.</source>
        <translation>بازبینی دو برچسب‌گذار یا بیشتر را مقایسه می‌کند؛ در این پروژه %d برچسب‌گذار کار کرده‌اند.</translation>
    </message>
    <message>
        <source>Ranking documents by disagreement</source>
        <translation>در حال رتبه‌بندی اسناد بر پایهٔ اختلاف</translation>
    </message>
    <message>
        <source>%s · %d of %d reviewed</source>
        <translation>%s · %d از %d بازبینی‌شده</translation>
    </message>
    <message>
        <source> · checking the ranking…</source>
        <translation> · در حال بررسی رتبه‌بندی…</translation>
    </message>
    <message>
        <source>reviewed</source>
        <translation>بازبینی‌شده</translation>
    </message>
    <message>
        <source>in review</source>
        <translation>در حال بازبینی</translation>
    </message>
    <message>
        <source>Focus a candidate first (Tab)</source>
        <translation>نخست روی یک پیشنهاد بروید (Tab)</translation>
    </message>
    <message>
        <source>Select text or focus a candidate (Tab) first, then press a label key</source>
        <translation>نخست متنی را انتخاب کنید یا روی یک پیشنهاد بروید (Tab)، سپس کلید یک برچسب را بزنید</translation>
    </message>
    <message>
        <source>Undecided candidates</source>
        <translation>پیشنهادهای بلاتکلیف</translation>
    </message>
    <message>
        <source>%d candidate(s) are still undecided and will stay out of gold. Mark the document reviewed anyway?</source>
        <translation>تکلیف %d پیشنهاد هنوز روشن نشده است و آن‌ها بیرون از مرجع می‌مانند. با این حال سند به‌عنوان بازبینی‌شده علامت زده شود؟</translation>
    </message>
    <message>
        <source>Every document in the queue is reviewed.</source>
        <translation>همهٔ اسناد صف بازبینی شده‌اند.</translation>
    </message>
    <message>
        <source>Nothing to accept there</source>
        <translation>چیزی برای پذیرفتن نیست</translation>
    </message>
    <message>
        <source>Accept where K agree</source>
        <translation>پذیرفتن جاهایی که K نفر موافق‌اند</translation>
    </message>
    <message>
        <source>Accept spans that at least K of the %d annotators marked:</source>
        <translation>پذیرفتن بازه‌هایی که دست‌کم K نفر از %d برچسب‌گذار علامت زده‌اند:</translation>
    </message>
</context>
<context>
    <name>ReviewSession</name>
    <message>
        <source>Review</source>
        <translation>بازبینی</translation>
    </message>
</context>
<context>
    <name>ReviewSetupDialog</name>
    <message>
        <source>Review annotators&apos; work</source>
        <translation>بازبینی کار برچسب‌گذاران</translation>
    </message>
    <message>
        <source>Choose whose work to compare and adjudicate. A review needs the work of two annotators or more.</source>
        <translation>انتخاب کنید کار چه کسانی مقایسه و داوری شود. بازبینی به کار دو برچسب‌گذار یا بیشتر نیاز دارد.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>میان‌برهای صفحه‌کلید</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>کلیدها</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>کار</translation>
    </message>
</context>
<context>
    <name>SpanListModel</name>
    <message>
        <source>Label</source>
        <translation>برچسب</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>متن</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>مقدار</translation>
    </message>
    <message>
        <source>set value (F2)</source>
        <translation>تعیین مقدار (F2)</translation>
    </message>
    <message>
        <source>A topic from the project&apos;s list: F2 to choose or add one</source>
        <translation>موضوعی از فهرست پروژه؛ با F2 انتخاب کنید یا موضوع تازه‌ای بیفزایید</translation>
    </message>
    <message>
        <source>Who said it: S to choose, Shift+S to remove</source>
        <translation>گوینده: S برای انتخاب، Shift+S برای حذف</translation>
    </message>
    <message>
        <source>Registry actor: F2 to link another, or type a new name to add one</source>
        <translation>کنشگر ثبت‌شده؛ با F2 کنشگر دیگری را پیوند دهید یا نام تازه‌ای بنویسید تا افزوده شود</translation>
    </message>
    <message>
        <source>Suggested from the publication date %s: F2 to confirm</source>
        <translation>پیشنهاد بر پایهٔ تاریخ انتشار %s؛ برای تأیید F2 را بزنید</translation>
    </message>
    <message>
        <source>Normalised value (%s); F2 to edit</source>
        <translation>مقدار استانداردشده (%s)؛ برای ویرایش F2 را بزنید</translation>
    </message>
    <message>
        <source>No value yet: F2 to type one (2017-11-21, 2017-11, --11-21)</source>
        <translation>هنوز مقداری ندارد؛ با F2 آن را وارد کنید (2017-11-21، 2017-11، --11-21)</translation>
    </message>
</context>
<context>
    <name>SpanPanel</name>
    <message>
        <source>Label as %s</source>
        <translation>تغییر برچسب به %s</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>حذف</translation>
    </message>
</context>
<context>
    <name>SuggestionLayer</name>
    <message>
        <source>registry</source>
        <translation>فهرست کنشگران</translation>
    </message>
    <message>
        <source>repeat</source>
        <translation>تکرار</translation>
    </message>
    <message>
        <source>date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <source>model</source>
        <translation>مدل</translation>
    </message>
    <message>
        <source>Suggestion (%s): Y accepts, N rejects, a label key relabels</source>
        <translation>پیشنهاد (%s): Y می‌پذیرد، N رد می‌کند، کلید برچسب برچسب را عوض می‌کند</translation>
    </message>
    <message>
        <source>Accept suggestions of one kind</source>
        <translation>پذیرفتن پیشنهادهای یک نوع</translation>
    </message>
    <message>
        <source>Suggestions accepted: %s</source>
        <translation>پیشنهادهای پذیرفته‌شده: %s</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <source>Unexpected error: %s</source>
        <translation>خطای غیرمنتظره: %s</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Cancel</source>
        <translation>لغو</translation>
    </message>
    <message>
        <source>Cancelled; nothing was changed.</source>
        <translation>لغو شد؛ چیزی تغییر نکرد.</translation>
    </message>
</context>
<context>
    <name>TeamDashboard</name>
    <message>
        <source>not defined</source>
        <translation>تعریف‌نشده</translation>
    </message>
    <message>
        <source>never</source>
        <translation>هرگز</translation>
    </message>
    <message>
        <source>lead</source>
        <translation>سرپرست</translation>
    </message>
    <message>
        <source>analyst</source>
        <translation>تحلیلگر</translation>
    </message>
    <message>
        <source>Team dashboard</source>
        <translation>داشبورد تیم</translation>
    </message>
    <message>
        <source>Reading the team&apos;s progress</source>
        <translation>خواندن پیشرفت تیم</translation>
    </message>
    <message>
        <source>Release your claim on %1?

Another lead may then adjudicate it.</source>
        <translation>رزرو خود بر %1 را آزاد می‌کنید؟

آنگاه سرپرست دیگری می‌تواند آن را داوری کند.</translation>
    </message>
    <message>
        <source>Release %1&apos;s claim on %2 (held since %3)?

Another lead&apos;s gold may then be stored on it; the server records that you released it.</source>
        <translation>رزرو %1 بر %2 (از %3) را آزاد می‌کنید؟

آنگاه مرجعِ سرپرست دیگری می‌تواند روی آن ذخیره شود؛ سرور ثبت می‌کند که شما آن را آزاد کردید.</translation>
    </message>
    <message>
        <source>Release claim</source>
        <translation>آزاد کردن رزرو</translation>
    </message>
    <message>
        <source>Releasing the claim on %1…</source>
        <translation>در حال آزاد کردن رزرو %1…</translation>
    </message>
    <message>
        <source>Releasing the claim</source>
        <translation>در حال آزاد کردن رزرو</translation>
    </message>
    <message>
        <source>Released your claim on %1.</source>
        <translation>رزرو شما بر %1 آزاد شد.</translation>
    </message>
    <message>
        <source>Released %1&apos;s claim on %2; the server recorded it.</source>
        <translation>رزرو %1 بر %2 آزاد شد؛ سرور آن را ثبت کرد.</translation>
    </message>
    <message>
        <source>You hold %1 now: not released.</source>
        <translation>%1 اکنون در اختیار شماست: آزاد نشد.</translation>
    </message>
    <message>
        <source>%1 is held by %2 now: not released.</source>
        <translation>%1 اکنون در اختیار %2 است: آزاد نشد.</translation>
    </message>
    <message>
        <source>Nobody holds %1 any more: nothing to release.</source>
        <translation>دیگر کسی %1 را در اختیار ندارد: چیزی برای آزاد کردن نیست.</translation>
    </message>
    <message>
        <source>Not released: %1</source>
        <translation>آزاد نشد: %1</translation>
    </message>
</context>
<context>
    <name>TeamJoin</name>
    <message>
        <source>Team projects need psycopg (pip install &apos;seed-annotator[team]&apos;): %s</source>
        <translation>پروژه‌های تیمی به psycopg نیاز دارند (pip install &apos;seed-annotator[team]&apos;): %s</translation>
    </message>
</context>
<context>
    <name>TeamSync</name>
    <message>
        <source>Syncing…</source>
        <translation>در حال همگام‌سازی…</translation>
    </message>
    <message>
        <source>Synced %s</source>
        <translation>همگام‌شده %s</translation>
    </message>
    <message>
        <source>gold not sent, held by another lead: %s</source>
        <translation>مرجع فرستاده نشد، در دست سرپرست دیگری: %s</translation>
    </message>
    <message>
        <source>Another lead holds these documents for adjudication, so the server refuses your gold on them; it stays in this copy. Ask them to release the documents (annotator team release), or wait until they mark them reviewed.</source>
        <translation>سرپرست دیگری این سندها را برای داوری در دست دارد، پس کارساز مرجعِ شما را روی آن‌ها نمی‌پذیرد؛ در همین نسخه می‌ماند. از او بخواهید سندها را آزاد کند (annotator team release)، یا صبر کنید تا آن‌ها را بازبینی‌شده علامت بزند.</translation>
    </message>
    <message numerus="yes">
        <source>%n server row(s) left out</source>
        <translation>
            <numerusform>%n ردیف سرور کنار گذاشته شد</numerusform>
        </translation>
    </message>
    <message>
        <source>Server rows left out of the pulls since this window opened, for a name holding control or text-direction characters, attributes or meta that are no JSON object, or a document no import would store (see the log); first: %s</source>
        <translation>ردیف‌هایی از سرور که از هنگام باز شدن این پنجره در دریافت‌ها کنار گذاشته شد، برای نامی که نویسهٔ کنترلی یا جهت‌دهندهٔ متن دارد، ویژگی‌ها یا فراداده‌ای که شیء JSON نیست، یا سندی که وارد کردن هرگز آن را نگه نمی‌داشت (گزارش برنامه را ببینید)؛ نخستین: %s</translation>
    </message>
    <message numerus="yes">
        <source>%n edit(s) waiting</source>
        <translation>
            <numerusform>%n ویرایش در انتظار</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline since %s</source>
        <translation>آفلاین از %s</translation>
    </message>
    <message>
        <source>Sync error: %s</source>
        <translation>خطای همگام‌سازی: %s</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <source>The span is gone (%s)</source>
        <translation>این بازه دیگر وجود ندارد (%s)</translation>
    </message>
    <message>
        <source>Tag %s</source>
        <translation>برچسب %s</translation>
    </message>
    <message>
        <source>Remove %s</source>
        <translation>حذف %s</translation>
    </message>
    <message>
        <source>Relabel %s as %s</source>
        <translation>تغییر برچسب %s به %s</translation>
    </message>
    <message>
        <source>Set the value of %s</source>
        <translation>تعیین مقدار %s</translation>
    </message>
    <message>
        <source>Link claim to source</source>
        <translation>پیوند ادعا به منبع</translation>
    </message>
    <message>
        <source>Unlink source</source>
        <translation>حذف پیوند منبع</translation>
    </message>
    <message>
        <source>Mark %s</source>
        <translation>علامت‌گذاری: %s</translation>
    </message>
    <message>
        <source>Add label %s</source>
        <translation>افزودن برچسب %s</translation>
    </message>
    <message>
        <source>Accept the suggestion %s</source>
        <translation>پذیرفتن پیشنهاد %s</translation>
    </message>
    <message>
        <source>Reject the suggestion %s</source>
        <translation>رد پیشنهاد %s</translation>
    </message>
</context>
<context>
    <name>ViewCommands</name>
    <message>
        <source>Your new name applies when Seed Annotator is restarted.</source>
        <translation>نام تازهٔ شما پس از راه‌اندازی دوبارهٔ Seed Annotator اعمال می‌شود.</translation>
    </message>
    <message>
        <source>The new interface language applies when Seed Annotator is restarted.</source>
        <translation>زبان تازهٔ رابط کاربری پس از راه‌اندازی دوبارهٔ Seed Annotator اعمال می‌شود.</translation>
    </message>
    <message>
        <source>Next / previous span</source>
        <translation>بازهٔ بعدی / قبلی</translation>
    </message>
    <message>
        <source>Move the caret by words, extend</source>
        <translation>جابه‌جایی نشانگر واژه به واژه، گسترش گزینش</translation>
    </message>
    <message>
        <source>Edit the span&apos;s value (date, actor, topic, claim&apos;s speaker)</source>
        <translation>ویرایش مقدار بازه (تاریخ، کنشگر، موضوع، گویندهٔ ادعا)</translation>
    </message>
    <message>
        <source>Clear the selection</source>
        <translation>پاک کردن گزینش</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;پرونده</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;ویرایش</translation>
    </message>
    <message>
        <source>&amp;Document</source>
        <translation>&amp;سند</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;بازبینی</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;مدل</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;نما</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;راهنما</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>کار</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;میان‌برهای صفحه‌کلید</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>&amp;باز کردن پروژه…</translation>
    </message>
    <message>
        <source>&amp;Recent projects</source>
        <translation>پروژه‌های &amp;اخیر</translation>
    </message>
    <message>
        <source>&amp;Join team project…</source>
        <translation>&amp;پیوستن به پروژهٔ تیمی…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;وارد کردن…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;خروجی گرفتن…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;ترجیحات…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;واگرد</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;انجام دوباره</translation>
    </message>
    <message>
        <source>&amp;Find in the article…</source>
        <translation>&amp;جستجو در متن…</translation>
    </message>
    <message>
        <source>&amp;Delete span</source>
        <translation>&amp;حذف بازه</translation>
    </message>
    <message>
        <source>Accept the suggestion</source>
        <translation>پذیرفتن پیشنهاد</translation>
    </message>
    <message>
        <source>Reject the suggestion</source>
        <translation>رد کردن پیشنهاد</translation>
    </message>
    <message>
        <source>Accept every suggestion of this kind</source>
        <translation>پذیرفتن همهٔ پیشنهادهای این نوع</translation>
    </message>
    <message>
        <source>Choose the claim&apos;s &amp;source</source>
        <translation>انتخاب &amp;منبع ادعا</translation>
    </message>
    <message>
        <source>Remove the claim&apos;s source</source>
        <translation>حذف منبع ادعا</translation>
    </message>
    <message>
        <source>Confirm the source</source>
        <translation>تأیید منبع</translation>
    </message>
    <message>
        <source>Add a &amp;label…</source>
        <translation>افزودن &amp;برچسب…</translation>
    </message>
    <message>
        <source>Mark &amp;done and go to next</source>
        <translation>علامت &amp;انجام‌شده و رفتن به بعدی</translation>
    </message>
    <message>
        <source>Mark &amp;in progress</source>
        <translation>علامت «در &amp;حال انجام»</translation>
    </message>
    <message>
        <source>&amp;Next document</source>
        <translation>سند &amp;بعدی</translation>
    </message>
    <message>
        <source>&amp;Previous document</source>
        <translation>سند &amp;قبلی</translation>
    </message>
    <message>
        <source>&amp;Review annotators&apos; work…</source>
        <translation>&amp;بازبینی کار برچسب‌گذاران…</translation>
    </message>
    <message>
        <source>A&amp;greement between annotators…</source>
        <translation>&amp;توافق میان برچسب‌گذاران…</translation>
    </message>
    <message>
        <source>&amp;Differences between gold and my work</source>
        <translation>تفاوت‌های &amp;مرجع با کار من</translation>
    </message>
    <message>
        <source>&amp;Team dashboard…</source>
        <translation>&amp;داشبورد تیم…</translation>
    </message>
    <message>
        <source>&amp;Accept candidate</source>
        <translation>&amp;پذیرفتن پیشنهاد</translation>
    </message>
    <message>
        <source>Re&amp;ject candidate</source>
        <translation>&amp;رد پیشنهاد</translation>
    </message>
    <message>
        <source>Accept where &amp;all agree</source>
        <translation>پذیرفتن جاهایی که &amp;همه موافق‌اند</translation>
    </message>
    <message>
        <source>Accept where &amp;K agree…</source>
        <translation>پذیرفتن جاهایی که &amp;K نفر موافق‌اند…</translation>
    </message>
    <message>
        <source>Refresh the &amp;ranking</source>
        <translation>&amp;تازه‌سازی رتبه‌بندی</translation>
    </message>
    <message>
        <source>The &amp;model: scores and thresholds…</source>
        <translation>&amp;مدل: امتیازها و آستانه‌ها…</translation>
    </message>
    <message>
        <source>&amp;Train the model now</source>
        <translation>اکنون مدل را &amp;آموزش بده</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>&amp;بزرگ‌نمایی</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>&amp;کوچک‌نمایی</translation>
    </message>
    <message>
        <source>&amp;Reset zoom</source>
        <translation>اندازهٔ &amp;عادی</translation>
    </message>
    <message>
        <source>&amp;Dark theme</source>
        <translation>پوستهٔ &amp;تیره</translation>
    </message>
    <message>
        <source>Show &amp;suggestions</source>
        <translation>نمایش &amp;پیشنهادها</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;زبان</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>زبان سیستم</translation>
    </message>
    <message>
        <source>Tag as %s</source>
        <translation>برچسب‌زدن با %s</translation>
    </message>
    <message>
        <source>Tag as %s, exact characters</source>
        <translation>برچسب‌زدن با %s، با نویسه‌های دقیق</translation>
    </message>
</context>
<context>
    <name>_NameField</name>
    <message>
        <source>e.g. sara</source>
        <translation>مثلاً sara</translation>
    </message>
    <message>
        <source>Type a name: your tags are stored under it.</source>
        <translation>نامی بنویسید؛ برچسب‌های شما با این نام ذخیره می‌شوند.</translation>
    </message>
    <message>
        <source>“%s” is where reviewed spans are kept: choose another name.</source>
        <translation>بازه‌های بازبینی‌شده با نام «%s» نگهداری می‌شوند؛ نام دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <source>A name cannot hold control or text-direction characters: they would change how the names and text around it read.</source>
        <translation>نام نمی‌تواند نویسه‌های کنترلی یا تعیین‌کنندهٔ جهت متن داشته باشد: این نویسه‌ها خوانش نام‌ها و متن اطرافش را تغییر می‌دهند.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Seed Annotator</source>
        <translation>Seed Annotator</translation>
    </message>
    <message>
        <source>%1 holds SQL that Seed Annotator did not create:
%2

It could change your work behind your back, so it was not opened; the file was not changed.

Make a cleaned copy beside it, without that SQL, and open the copy?</source>
        <translation>در %1 دستورهای SQL هست که Seed Annotator نساخته است:
%2

این دستورها می‌توانند کار شما را بی‌خبر تغییر دهند؛ برای همین پروژه باز نشد و پرونده تغییری نکرد.

یک رونوشت پاک‌شده، بدون این SQL، کنار آن ساخته و باز شود؟</translation>
    </message>
    <message>
        <source>Making a cleaned copy of %1</source>
        <translation>ساختن رونوشت پاک‌شدهٔ %1</translation>
    </message>
    <message>
        <source>%1 holds rows Seed Annotator cannot use:
%2

Nothing will be written into it; the file was not changed.

Make a copy beside it that keeps everything else, leaving out or emptying only such rows, and open the copy? What was left out will be listed.</source>
        <translation>%1 ردیف‌هایی دارد که Seed Annotator نمی‌تواند به کار ببرد:
%2

چیزی در آن نوشته نخواهد شد؛ پرونده تغییری نکرد.

رونوشتی کنار آن ساخته شود که همهٔ چیزهای دیگر را نگه می‌دارد و تنها چنین ردیف‌هایی را کنار می‌گذارد یا خالی می‌کند، و رونوشت باز شود؟ آنچه کنار گذاشته شود فهرست خواهد شد.</translation>
    </message>
    <message>
        <source>%1 was made beside %2, which was not changed and still holds everything. Rows Seed Annotator cannot use were left out of the copy or emptied:</source>
        <translation>%1 کنار %2 ساخته شد؛ %2 تغییری نکرد و همه چیز را هنوز در خود دارد. ردیف‌هایی که Seed Annotator نمی‌تواند به کار ببرد در رونوشت نیامدند یا خالی شدند:</translation>
    </message>
    <message>
        <source>Rows that break the project&apos;s rules were left out of %1: %2</source>
        <translation>ردیف‌هایی که قاعده‌های پروژه را می‌شکستند در %1 نیامدند: %2</translation>
    </message>
    <message>
        <source>Checking %1</source>
        <translation>بررسی %1</translation>
    </message>
    <message>
        <source>%1: is still being checked (SQLite&apos;s integrity check); nothing was changed. Try again in a moment.</source>
        <translation>%1: هنوز در حال بررسی است (بررسی درستی SQLite)؛ چیزی تغییر نکرد. کمی بعد دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>Checking the project…</source>
        <translation>در حال بررسی پروژه…</translation>
    </message>
    <message>
        <source>This project holds rows Seed Annotator cannot use: nothing will be written into it.</source>
        <translation>این پروژه ردیف‌هایی دارد که Seed Annotator نمی‌تواند به کار ببرد: چیزی در آن نوشته نخواهد شد.</translation>
    </message>
    <message>
        <source>The project passed its check.</source>
        <translation>پروژه از بررسی سربلند بیرون آمد.</translation>
    </message>
    <message>
        <source>This project did not pass its check: nothing will be written into it.</source>
        <translation>این پروژه از بررسی سربلند بیرون نیامد: چیزی در آن نوشته نخواهد شد.</translation>
    </message>
    <message>
        <source>An export was interrupted earlier:</source>
        <translation>یک خروجی‌گیری پیش‌تر نیمه‌کاره ماند:</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>%1 is read-only here (%2), so nothing was changed.</source>
        <translation>%1 در اینجا فقط خواندنی است (%2)، پس چیزی تغییر نکرد.</translation>
    </message>
    <message>
        <source>%1 is damaged (%2); nothing was changed, and nothing will be written into it.</source>
        <translation>%1 آسیب دیده است (%2)؛ چیزی تغییر نکرد و چیزی در آن نوشته نخواهد شد.</translation>
    </message>
    <message>
        <source>%1 is not damaged: its pages are sound, but it holds rows Seed Annotator cannot use (%2). Nothing was changed, and nothing will be written into it. A copy that keeps everything else is offered when the file is opened again; it can also be made with the command: %3</source>
        <translation>%1 آسیب ندیده است: صفحه‌هایش سالم‌اند، اما ردیف‌هایی دارد که Seed Annotator نمی‌تواند به کار ببرد (%2). چیزی تغییر نکرد و چیزی در آن نوشته نخواهد شد. اگر پرونده دوباره باز شود، رونوشتی پیشنهاد می‌شود که همهٔ چیزهای دیگر را نگه می‌دارد؛ این رونوشت را با این فرمان هم می‌توان ساخت: %3</translation>
    </message>
    <message>
        <source>No copy of %1 can be made beside it (%2); nothing was changed. Copy the file to a folder you can write to and open it from there.</source>
        <translation>هیچ رونوشتی از %1 کنار آن ساخته نمی‌شود (%2)؛ چیزی تغییر نکرد. پرونده را در پوشه‌ای که می‌توانید در آن بنویسید رونوشت کنید و از آنجا بازش کنید.</translation>
    </message>
    <message>
        <source>%1: the disk is full; nothing was changed. Make room on it and try again.</source>
        <translation>%1: دیسک پر است؛ چیزی تغییر نکرد. روی آن جا باز کنید و دوباره امتحان کنید.</translation>
    </message>
</context>
<context>
    <name>jobs</name>
    <message numerus="yes">
        <source>Imported %n new document(s)</source>
        <translation>
            <numerusform>%n سند تازه وارد شد</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already there</source>
        <translation>
            <numerusform>%n سند از پیش موجود بود</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s) added</source>
        <translation>
            <numerusform>%n بازه افزوده شد</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n model prediction(s)</source>
        <translation>
            <numerusform>%n پیش‌بینی مدل</numerusform>
        </translation>
    </message>
    <message>
        <source>; </source>
        <translation>؛ </translation>
    </message>
    <message>
        <source>. Read as: %s.</source>
        <translation>. خوانده‌شده به‌صورت: %s.</translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s).</source>
        <translation>
            <numerusform>%n هشدار.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n document(s)</source>
        <translation>
            <numerusform>%n سند</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s)</source>
        <translation>
            <numerusform>%n بازه</numerusform>
        </translation>
    </message>
    <message>
        <source>%s, %s to %s.</source>
        <translation>%s و %s در %s ذخیره شد.</translation>
    </message>
    <message>
        <source> Not expressible in %s: %s.</source>
        <translation> قابل بیان در %s نیست: %s.</translation>
    </message>
    <message>
        <source>The demo corpus is ready.</source>
        <translation>پیکرهٔ نمونه آماده است.</translation>
    </message>
    <message numerus="yes">
        <source>The search index was rebuilt from %n document(s).</source>
        <translation>
            <numerusform>نمایهٔ جستجو از روی %n سند از نو ساخته شد.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>read-only</name>
    <message>
        <source>the disk it is on is read-only</source>
        <translation>دیسکی که پروژه روی آن است فقط خواندنی است</translation>
    </message>
    <message>
        <source>the file is read-only</source>
        <translation>خود پرونده فقط خواندنی است</translation>
    </message>
    <message>
        <source>its folder is not writable</source>
        <translation>در پوشهٔ آن نمی‌توان نوشت</translation>
    </message>
    <message>
        <source>%1 beside it is read-only; remove it when no program has it open</source>
        <translation>%1 کنار آن فقط خواندنی است؛ وقتی هیچ برنامه‌ای آن را باز ندارد پاکش کنید</translation>
    </message>
</context>
<context>
    <name>salvage</name>
    <message>
        <source>Spans ending past their document&apos;s text, left out</source>
        <translation>برچسب‌هایی که پس از پایان متن سندشان تمام می‌شوند، کنار گذاشته شدند</translation>
    </message>
    <message>
        <source>Model predictions ending past their document&apos;s text, left out</source>
        <translation>پیش‌بینی‌های مدل که پس از پایان متن سندشان تمام می‌شوند، کنار گذاشته شدند</translation>
    </message>
    <message>
        <source>Spans on a document not in the file, left out</source>
        <translation>برچسب‌های سندی که در پرونده نیست، کنار گذاشته شدند</translation>
    </message>
    <message>
        <source>Model predictions on a document not in the file, left out</source>
        <translation>پیش‌بینی‌های مدل برای سندی که در پرونده نیست، کنار گذاشته شدند</translation>
    </message>
    <message>
        <source>Spans whose offsets are not stored as whole numbers, run below 0 or do not end after their start, left out</source>
        <translation>برچسب‌هایی که جایگاه‌هایشان به‌صورت عدد درست ذخیره نشده، کمتر از ۰ است یا پایانشان پس از آغازشان نیست، کنار گذاشته شدند</translation>
    </message>
    <message>
        <source>Model predictions whose offsets are not stored as whole numbers, run below 0 or do not end after their start, left out</source>
        <translation>پیش‌بینی‌های مدل که جایگاه‌هایشان به‌صورت عدد درست ذخیره نشده، کمتر از ۰ است یا پایانشان پس از آغازشان نیست، کنار گذاشته شدند</translation>
    </message>
    <message>
        <source>Speaker links and other relations of those spans, left out with them</source>
        <translation>پیوندهای گوینده و دیگر رابطه‌های آن برچسب‌ها، همراه آن‌ها کنار گذاشته شدند</translation>
    </message>
    <message>
        <source>The gold provenance of those spans, left out with them</source>
        <translation>خاستگاه طلایی آن برچسب‌ها، همراه آن‌ها کنار گذاشته شد</translation>
    </message>
    <message>
        <source>Documents whose metadata could not be read, kept with none</source>
        <translation>سندهایی که فراداده‌شان خواندنی نبود، بی فراداده نگه داشته شدند</translation>
    </message>
    <message>
        <source>Spans whose attributes (value, actor, source) could not be read, kept without them</source>
        <translation>برچسب‌هایی که ویژگی‌هایشان (مقدار، کنشگر، منبع) خواندنی نبود، بی آن‌ها نگه داشته شدند</translation>
    </message>
    <message>
        <source>Relations whose attributes could not be read, kept without them</source>
        <translation>رابطه‌هایی که ویژگی‌هایشان خواندنی نبود، بی آن‌ها نگه داشته شدند</translation>
    </message>
    <message>
        <source>Model predictions whose attributes could not be read, kept without them</source>
        <translation>پیش‌بینی‌های مدل که ویژگی‌هایشان خواندنی نبود، بی آن‌ها نگه داشته شدند</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>Preparing the demo corpus</source>
        <translation>آماده‌سازی پیکرهٔ نمونه</translation>
    </message>
    <message>
        <source>Preparing the demo corpus…</source>
        <translation>در حال آماده‌سازی پیکرهٔ نمونه…</translation>
    </message>
</context>
</TS>
