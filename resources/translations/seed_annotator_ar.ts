<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>AgreementPane</name>
    <message>
        <source>Agreement between annotators</source>
        <translation>الاتفاق بين المُوسِّمين</translation>
    </message>
    <message>
        <source>Measuring agreement</source>
        <translation>جارٍ قياس الاتفاق</translation>
    </message>
    <message>
        <source>Listing disagreements</source>
        <translation>جارٍ سرد مواضع الاختلاف</translation>
    </message>
</context>
<context>
    <name>AgreementView</name>
    <message>
        <source>first</source>
        <translation>الأول</translation>
    </message>
    <message>
        <source>second</source>
        <translation>الثاني</translation>
    </message>
    <message numerus="yes">
        <source>%n disagreement(s)</source>
        <translation>
            <numerusform>لا اختلافات</numerusform>
            <numerusform>اختلاف واحد</numerusform>
            <numerusform>اختلافان</numerusform>
            <numerusform>%n اختلافات</numerusform>
            <numerusform>%n اختلافًا</numerusform>
            <numerusform>%n اختلاف</numerusform>
        </translation>
    </message>
    <message>
        <source>Click a figure or a bar to list the disagreeing spans</source>
        <translation>انقر رقمًا أو عمودًا لعرض المقاطع المختلف عليها</translation>
    </message>
    <message>
        <source>F1 exact</source>
        <translation>F1 تام</translation>
    </message>
    <message>
        <source>F1 overlap</source>
        <translation>F1 تداخل</translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa</source>
        <translation>كابا كوهين</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>الدقة</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>الاستدعاء</translation>
    </message>
    <message>
        <source>α_U</source>
        <translation>α_U</translation>
    </message>
    <message>
        <source>Spans match only with the same start, end and label</source>
        <translation>تتطابق المقاطع فقط إذا اتفقت في البداية والنهاية والتسمية</translation>
    </message>
    <message>
        <source>Spans match when they overlap and share the label</source>
        <translation>تتطابق المقاطع إذا تداخلت واشتركت في التسمية</translation>
    </message>
    <message>
        <source>Overlap matching: share of the second annotator&apos;s spans the first has</source>
        <translation>مطابقة التداخل: نسبة مقاطع المُوسِّم الثاني الموجودة لدى الأول</translation>
    </message>
    <message>
        <source>Overlap matching: share of the first annotator&apos;s spans the second has</source>
        <translation>مطابقة التداخل: نسبة مقاطع المُوسِّم الأول الموجودة لدى الثاني</translation>
    </message>
    <message>
        <source>Krippendorff&apos;s unitizing alpha over all annotators, not only this pair</source>
        <translation>ألفا كريبندورف للتقطيع على جميع المُوسِّمين، لا على هذا الزوج وحده</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation>المُوسِّمون</translation>
    </message>
    <message>
        <source>Fleiss&apos; κ</source>
        <translation>κ فلايس</translation>
    </message>
    <message>
        <source>Label agreement, all annotators</source>
        <translation>الاتفاق على التسميات، جميع المُوسِّمين</translation>
    </message>
    <message>
        <source>Krippendorff&apos;s α</source>
        <translation>α كريبندورف</translation>
    </message>
    <message>
        <source>Label agreement, all annotators, missing annotations allowed</source>
        <translation>الاتفاق على التسميات، جميع المُوسِّمين، مع السماح بالوسوم الناقصة</translation>
    </message>
    <message>
        <source>Agreement on where spans lie</source>
        <translation>الاتفاق على مواضع المقاطع</translation>
    </message>
    <message>
        <source>&amp;Pair metric:</source>
        <translation>مقياس الزوج:</translation>
    </message>
    <message>
        <source>Not enough data for this figure (too few annotators, documents or spans)</source>
        <translation>البيانات غير كافية لهذا الرقم (عدد المُوسِّمين أو المستندات أو المقاطع قليل جدًا)</translation>
    </message>
    <message>
        <source>Colours follow Krippendorff&apos;s guide:
green ≥ 0.80 reliable, pale green ≥ 0.667 tentative,
amber ≥ 0.40 weak, red &lt; 0.40 poor</source>
        <translation>تتبع الألوان دليل كريبندورف:
الأخضر ≥ 0.80 موثوق، الأخضر الفاتح ≥ 0.667 مبدئي،
الكهرماني ≥ 0.40 ضعيف، الأحمر &lt; 0.40 رديء</translation>
    </message>
    <message>
        <source>not defined</source>
        <translation>غير معرَّف</translation>
    </message>
    <message>
        <source>%s and %s were not compared</source>
        <translation>لم تجرِ مقارنة %s و%s</translation>
    </message>
    <message>
        <source>No pair of annotators to compare</source>
        <translation>لا يوجد زوج من المُوسِّمين للمقارنة</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) in common</source>
        <translation>
            <numerusform>لا مستندات مشتركة</numerusform>
            <numerusform>مستند مشترك واحد</numerusform>
            <numerusform>مستندان مشتركان</numerusform>
            <numerusform>%n مستندات مشتركة</numerusform>
            <numerusform>%n مستندًا مشتركًا</numerusform>
            <numerusform>%n مستند مشترك</numerusform>
        </translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>جميع التسميات</translation>
    </message>
    <message>
        <source>α_U (all annotators)</source>
        <translation>α_U (جميع المُوسِّمين)</translation>
    </message>
</context>
<context>
    <name>AnnotateMode</name>
    <message>
        <source>Select text or focus a span (Tab) first, then press a label key</source>
        <translation>حدّد نصًا أو انتقل إلى مقطع (Tab) أولًا، ثم اضغط مفتاح تسمية</translation>
    </message>
    <message>
        <source>Focus a span first (Tab), then press Delete</source>
        <translation>انتقل أولًا إلى مقطع (Tab) ثم اضغط Delete</translation>
    </message>
    <message>
        <source>Every document is done. Document ▸ Mark in progress reopens one.</source>
        <translation>جميع المستندات منجزة. لإعادة فتح أحدها: مستند ▸ وضع علامة «قيد العمل».</translation>
    </message>
    <message>
        <source>New label</source>
        <translation>تسمية جديدة</translation>
    </message>
    <message>
        <source>Label name:</source>
        <translation>اسم التسمية:</translation>
    </message>
    <message>
        <source>Added label %s%s</source>
        <translation>أُضيفت التسمية %s%s</translation>
    </message>
    <message>
        <source>This document has not been reviewed yet: there is no gold to compare.</source>
        <translation>لم يُراجَع هذا المستند بعد؛ لا يوجد مرجع للمقارنة.</translation>
    </message>
    <message>
        <source>Focus a suggestion first (Tab), then press Y</source>
        <translation>انتقل أولًا إلى مقترح (Tab) ثم اضغط Y</translation>
    </message>
    <message>
        <source>Focus a suggestion first (Tab), then press N</source>
        <translation>انتقل أولًا إلى مقترح (Tab) ثم اضغط N</translation>
    </message>
    <message>
        <source>Focus a suggestion first (Tab), then press Ctrl+Shift+Y</source>
        <translation>انتقل أولًا إلى مقترح (Tab) ثم اضغط Ctrl+Shift+Y</translation>
    </message>
    <message>
        <source>No source chosen</source>
        <translation>لم يُختر مصدر</translation>
    </message>
    <message>
        <source>Focus a claim first (Tab), then press S</source>
        <translation>انتقل أولًا إلى ادعاء (Tab) ثم اضغط S</translation>
    </message>
    <message>
        <source>Said by %s? Enter confirms; click or Tab to another actor; Esc cancels</source>
        <translation>قاله %s؟ اضغط Enter للتأكيد، أو انقر فاعلًا آخر أو انتقل إليه بـ Tab؛ Esc للإلغاء</translation>
    </message>
    <message>
        <source>Who said it? Click an actor span, or Tab to one and press Enter; Esc cancels</source>
        <translation>من قاله؟ انقر مقطع فاعل، أو انتقل إليه بـ Tab واضغط Enter؛ Esc للإلغاء</translation>
    </message>
    <message>
        <source>Focus a claim that has a source, then press Shift+S</source>
        <translation>انتقل إلى ادعاء له مصدر ثم اضغط Shift+S</translation>
    </message>
    <message>
        <source>A source is an actor span</source>
        <translation>يجب أن يكون المصدر مقطع فاعل</translation>
    </message>
    <message>
        <source>Link claim to source</source>
        <translation>ربط الادعاء بالمصدر</translation>
    </message>
    <message>
        <source>Source linked</source>
        <translation>رُبط المصدر</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source>n/a</source>
        <translation>غير متاح</translation>
    </message>
    <message>
        <source>not defined</source>
        <translation>غير معرَّف</translation>
    </message>
</context>
<context>
    <name>CandidateModel</name>
    <message>
        <source>pending</source>
        <translation>معلَّق</translation>
    </message>
    <message>
        <source>✓ gold</source>
        <translation>✓ مرجع</translation>
    </message>
    <message>
        <source>✗ rejected</source>
        <translation>✗ مرفوض</translation>
    </message>
    <message>
        <source>gold</source>
        <translation>مرجع</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>مُعدَّل</translation>
    </message>
    <message>
        <source>added</source>
        <translation>مُضاف</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>مقبول</translation>
    </message>
    <message>
        <source>Everyone who did this document marked it</source>
        <translation>وسمه كل من عمل على هذا المستند</translation>
    </message>
    <message>
        <source>Someone marked overlapping text with another label</source>
        <translation>وسم أحدهم نصًا متداخلًا بتسمية أخرى</translation>
    </message>
    <message>
        <source>Only some of the annotators marked it</source>
        <translation>لم يسمه إلا بعض المُوسِّمين</translation>
    </message>
    <message>
        <source>Gold (%s) by %s</source>
        <translation>مرجع (%s) بقرار من %s</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>مرجع</translation>
    </message>
    <message>
        <source>Everyone who marked the claim and the actor linked them</source>
        <translation>ربط بينهما كل من وسم الادعاء والفاعل</translation>
    </message>
    <message>
        <source>The annotators disagree on who said this claim</source>
        <translation>يختلف المُوسِّمون على قائل هذا الادعاء</translation>
    </message>
    <message>
        <source>A gold link no annotator drew</source>
        <translation>ربط في المرجع لم يُنشئه أي مُوسِّم</translation>
    </message>
    <message>
        <source>Accept the claim and the actor into gold to decide it</source>
        <translation>اقبل الادعاء والفاعل في المرجع أولًا للبتّ فيه</translation>
    </message>
    <message>
        <source>said by</source>
        <translation>القائل</translation>
    </message>
    <message>
        <source>State</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Marked by</source>
        <translation>مَن وسمه</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>التسمية</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>النص</translation>
    </message>
</context>
<context>
    <name>CandidatePanel</name>
    <message>
        <source>Accept link</source>
        <translation>قبول الربط</translation>
    </message>
    <message>
        <source>Reject link</source>
        <translation>رفض الربط</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>قبول</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>رفض</translation>
    </message>
    <message>
        <source>Remove from gold</source>
        <translation>إزالة من المرجع</translation>
    </message>
    <message>
        <source>Gold as %s</source>
        <translation>مرجع بالتسمية %s</translation>
    </message>
</context>
<context>
    <name>ClaimsModel</name>
    <message>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>محجوز لدى</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>منذ</translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>Unexpected error</source>
        <translation>خطأ غير متوقع</translation>
    </message>
    <message>
        <source>Something went wrong: %1

Everything you annotated was saved when you made it; nothing stored is lost. The details are in the log:
%2</source>
        <translation>حدث خطأ: %1

حُفظ كل ما وسمته لحظة وسمه؛ لم يُفقد شيء مما خُزِّن. التفاصيل في ملف السجل:
%2</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Not read yet</source>
        <translation>لم يُقرأ بعد</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <source>Read the server again (F5)</source>
        <translation>قراءة الخادم من جديد (F5)</translation>
    </message>
    <message>
        <source>Release claim…</source>
        <translation>فكّ الحجز…</translation>
    </message>
    <message>
        <source>Release the selected claim, so that another lead may adjudicate (Delete)</source>
        <translation>فكّ الحجز المحدد ليتمكن مشرف آخر من البتّ (Delete)</translation>
    </message>
    <message>
        <source>Documents compared</source>
        <translation>المستندات المقارَنة</translation>
    </message>
    <message>
        <source>Documents finished by two or more analysts</source>
        <translation>المستندات التي أنهاها محلّلان أو أكثر</translation>
    </message>
    <message>
        <source>Krippendorff&apos;s α</source>
        <translation>α كريبندورف</translation>
    </message>
    <message>
        <source>Label agreement on tokens, missing annotations allowed</source>
        <translation>الاتفاق على التسميات في الرموز، مع السماح بالوسوم الناقصة</translation>
    </message>
    <message>
        <source>Fleiss&apos; κ</source>
        <translation>κ فلايس</translation>
    </message>
    <message>
        <source>Label agreement on the documents every compared analyst finished</source>
        <translation>الاتفاق على التسميات في المستندات التي أنهاها كل المحلّلين المقارَنين</translation>
    </message>
    <message>
        <source>α_U</source>
        <translation>α_U</translation>
    </message>
    <message>
        <source>Agreement on where spans lie</source>
        <translation>الاتفاق على مواضع المقاطع</translation>
    </message>
    <message>
        <source>&amp;People</source>
        <translation>&amp;الأشخاص</translation>
    </message>
    <message>
        <source>&amp;Documents</source>
        <translation>&amp;المستندات</translation>
    </message>
    <message>
        <source>&amp;Agreement so far</source>
        <translation>&amp;الاتفاق حتى الآن</translation>
    </message>
    <message>
        <source>&amp;Claims</source>
        <translation>&amp;الحجوزات</translation>
    </message>
    <message>
        <source>As of %s</source>
        <translation>حتى الساعة %s</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) in all</source>
        <translation>
            <numerusform>لا مستندات</numerusform>
            <numerusform>مستند واحد</numerusform>
            <numerusform>مستندان</numerusform>
            <numerusform>%n مستندات في المجموع</numerusform>
            <numerusform>%n مستندًا في المجموع</numerusform>
            <numerusform>%n مستند في المجموع</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finished by two or more analysts</source>
        <translation>
            <numerusform>لا مستندات أنهاها محلّلان أو أكثر</numerusform>
            <numerusform>مستند واحد أنهاه محلّلان أو أكثر</numerusform>
            <numerusform>مستندان أنهاهما محلّلان أو أكثر</numerusform>
            <numerusform>%n مستندات أنهاها محلّلان أو أكثر</numerusform>
            <numerusform>%n مستندًا أنهاه محلّلان أو أكثر</numerusform>
            <numerusform>%n مستند أنهاه محلّلان أو أكثر</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finished by nobody yet</source>
        <translation>
            <numerusform>لا مستندات لم ينهها أحد بعد</numerusform>
            <numerusform>مستند واحد لم ينهه أحد بعد</numerusform>
            <numerusform>مستندان لم ينههما أحد بعد</numerusform>
            <numerusform>%n مستندات لم ينهها أحد بعد</numerusform>
            <numerusform>%n مستندًا لم ينهه أحد بعد</numerusform>
            <numerusform>%n مستند لم ينهه أحد بعد</numerusform>
        </translation>
    </message>
    <message>
        <source>Still to ask of the server&apos;s administrator:</source>
        <translation>ما زال يُطلب من مدير الخادم:</translation>
    </message>
    <message>
        <source>No document is finished by two analysts yet</source>
        <translation>لم ينهِ محلّلان أي مستند بعد</translation>
    </message>
    <message>
        <source>Not refreshed: %s</source>
        <translation>لم يُحدَّث: %s</translation>
    </message>
</context>
<context>
    <name>DisagreementModel</name>
    <message>
        <source>only in %s</source>
        <translation>لدى %s فقط</translation>
    </message>
    <message>
        <source>other label</source>
        <translation>تسمية أخرى</translation>
    </message>
    <message>
        <source>other boundaries</source>
        <translation>حدود أخرى</translation>
    </message>
    <message>
        <source>overlapping, other label</source>
        <translation>متداخل، تسمية أخرى</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>الاختلاف</translation>
    </message>
</context>
<context>
    <name>DocumentList</name>
    <message>
        <source>Persian</source>
        <translation>الفارسية</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>العربية</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>أخرى</translation>
    </message>
    <message>
        <source>Search titles and text</source>
        <translation>البحث في العناوين والنصوص</translation>
    </message>
    <message>
        <source>In document order</source>
        <translation>بترتيب المستندات</translation>
    </message>
    <message>
        <source>Least sure first</source>
        <translation>الأقل يقينًا أولًا</translation>
    </message>
    <message>
        <source>Least sure first: what the model is least sure of, to annotate next</source>
        <translation>الأقل يقينًا أولًا: ما يكون النموذج أقل يقينًا منه، لتوسيمه تاليًا</translation>
    </message>
    <message>
        <source>Ranking…</source>
        <translation>جارٍ الترتيب…</translation>
    </message>
    <message numerus="yes">
        <source> (%Ln more unranked)</source>
        <translation>
            <numerusform> (لا مستندات أخرى غير مرتبة)</numerusform>
            <numerusform> (مستند آخر غير مرتب)</numerusform>
            <numerusform> (مستندان آخران غير مرتبين)</numerusform>
            <numerusform> (%Ln مستندات أخرى غير مرتبة)</numerusform>
            <numerusform> (%Ln مستندًا آخر غير مرتب)</numerusform>
            <numerusform> (%Ln مستند آخر غير مرتب)</numerusform>
        </translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>جميع الحالات</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>جميع اللغات</translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>جميع التسميات</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>لا مستندات</numerusform>
            <numerusform>مستند واحد</numerusform>
            <numerusform>مستندان</numerusform>
            <numerusform>%Ln مستندات</numerusform>
            <numerusform>%Ln مستندًا</numerusform>
            <numerusform>%Ln مستند</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentTableModel</name>
    <message>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <source>Lang</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <source>new</source>
        <translation>جديد</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <source>done</source>
        <translation>منجز</translation>
    </message>
    <message>
        <source>reviewed</source>
        <translation>مُراجَع</translation>
    </message>
    <message>
        <source>The model&apos;s uncertainty: %s</source>
        <translation>عدم يقين النموذج: %s</translation>
    </message>
    <message>
        <source>not assigned</source>
        <translation>غير مُسنَد</translation>
    </message>
    <message>
        <source>The lead has taken this document back from you. It stays here with your work; edits you make on it are kept and sent if it is assigned to you again.</source>
        <translation>استعاد المشرف هذه الوثيقة منك. تبقى هنا مع عملك؛ وتُحفظ تعديلاتك عليها وتُرسل إن أُسندت إليك مرة أخرى.</translation>
    </message>
</context>
<context>
    <name>DocumentsModel</name>
    <message>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>المُسنَد</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>المُنجَز</translation>
    </message>
    <message>
        <source>Disagreement</source>
        <translation>الاختلاف</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <source>My spans (%s)</source>
        <translation>مقاطعي (%s)</translation>
    </message>
    <message>
        <source>Gold (reviewed documents only)</source>
        <translation>المرجع الذهبي (المستندات المُراجَعة فقط)</translation>
    </message>
    <message>
        <source>Seed Annotator JSONL</source>
        <translation>JSONL الخاص بـ Seed Annotator</translation>
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
        <translation>مجلد جديد</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>جميع الملفات</translation>
    </message>
    <message>
        <source>Only documents marked done</source>
        <translation>المستندات المعلَّمة بأنها منجزة فقط</translation>
    </message>
    <message>
        <source>Offsets into the original (unnormalised) text</source>
        <translation>المواضع في النص الأصلي (قبل التوحيد)</translation>
    </message>
    <message>
        <source>Include tokens</source>
        <translation>تضمين الوحدات المعجمية (tokens)</translation>
    </message>
    <message>
        <source>Include outside models&apos; predictions</source>
        <translation>تضمين تنبؤات النماذج الخارجية</translation>
    </message>
    <message>
        <source>Kept apart from annotations, where the format has a place for them</source>
        <translation>منفصلة عن التوسيمات، في الصيغ التي تتسع لها</translation>
    </message>
    <message>
        <source>Spread every label over the splits</source>
        <translation>توزيع كل تسمية على جميع الأقسام</translation>
    </message>
    <message>
        <source>Whose spans:</source>
        <translation>مقاطع مَن:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>الصيغة:</translation>
    </message>
    <message>
        <source>Split by document:</source>
        <translation>التقسيم حسب المستند:</translation>
    </message>
    <message>
        <source>Split seed:</source>
        <translation>بذرة التقسيم:</translation>
    </message>
</context>
<context>
    <name>FileCommands</name>
    <message>
        <source>Import articles</source>
        <translation>استيراد المقالات</translation>
    </message>
    <message>
        <source>Articles and annotations (%1)</source>
        <translation>المقالات والوسوم (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>جميع الملفات (*)</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>جارٍ الاستيراد</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>جارٍ التصدير</translation>
    </message>
    <message>
        <source>The search index of %1 is damaged (%2).

Rebuild it from the documents now? Your documents and annotations are not affected.</source>
        <translation>فهرس البحث في %1 تالف (%2).

أتُعاد بناؤه من المستندات الآن؟ لن تتأثر مستنداتك ولا وسومك.</translation>
    </message>
    <message>
        <source>Search index damaged</source>
        <translation>فهرس البحث تالف</translation>
    </message>
    <message>
        <source>Rebuilding the search index</source>
        <translation>إعادة بناء فهرس البحث</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>فتح مشروع</translation>
    </message>
    <message>
        <source>Seed Annotator projects (*.seedproj);;All files (*)</source>
        <translation>مشاريع Seed Annotator (*.seedproj);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>%s is the project open here.</source>
        <translation>%s هو المشروع المفتوح هنا.</translation>
    </message>
    <message>
        <source>%s is not there any more.</source>
        <translation>%s لم يعد موجودًا.</translation>
    </message>
    <message>
        <source>Seed Annotator could not be started for %s.</source>
        <translation>تعذّر تشغيل Seed Annotator لـ %s.</translation>
    </message>
    <message>
        <source>Opening %s in a new window…</source>
        <translation>جارٍ فتح %s في نافذة جديدة…</translation>
    </message>
    <message>
        <source>No other projects yet</source>
        <translation>لا مشاريع أخرى بعد</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in document</source>
        <translation>البحث في المستند</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>النتيجة السابقة (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>النتيجة التالية (Enter)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>إغلاق (Esc)</translation>
    </message>
    <message>
        <source>%s of %s</source>
        <translation>%s من %s</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>لا نتائج</translation>
    </message>
</context>
<context>
    <name>GoldDifferencesDialog</name>
    <message>
        <source>In gold, not in yours</source>
        <translation>في المرجع، لا في عملك</translation>
    </message>
    <message>
        <source>Yours, not in gold</source>
        <translation>في عملك، لا في المرجع</translation>
    </message>
    <message>
        <source>Other label in gold</source>
        <translation>تسمية أخرى في المرجع</translation>
    </message>
    <message>
        <source>Other edges in gold</source>
        <translation>حدود أخرى في المرجع</translation>
    </message>
    <message>
        <source>Gold and your work</source>
        <translation>المرجع وعملك</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>الاختلاف</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>المرجع</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>عملك</translation>
    </message>
    <message>
        <source>Gold and your spans agree on this document.</source>
        <translation>يتفق المرجع ومقاطعك في هذا المستند.</translation>
    </message>
</context>
<context>
    <name>JoinCommand</name>
    <message>
        <source>Joining the team project</source>
        <translation>الانضمام إلى مشروع الفريق</translation>
    </message>
    <message>
        <source>Joined as %1 (%2): %3 document(s) in %4.</source>
        <translation>انضممت باسم %1 (%2): %3 وثيقة في %4.</translation>
    </message>
    <message>
        <source>Server rows left out, for a name holding control or text-direction characters, attributes or meta that are no JSON object, or a document no import would store: %1 (see the log).</source>
        <translation>صفوف من الخادم تُركت جانبًا، لاسمٍ يحمل محارف تحكّم أو اتجاه نص، أو لسمات أو بيانات وصفية ليست كائن JSON، أو لوثيقة ما كان أي استيراد ليحفظها: %1 (انظر سجل البرنامج).</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <source>Join team project</source>
        <translation>الانضمام إلى مشروع فريق</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>ال&amp;خادم:</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>ا&amp;سمك:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;كلمة المرور:</translation>
    </message>
</context>
<context>
    <name>LabelPalette</name>
    <message>
        <source>Add a label to this project</source>
        <translation>إضافة تسمية إلى هذا المشروع</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>actor</source>
        <translation>فاعل</translation>
    </message>
    <message>
        <source>date</source>
        <translation>تاريخ</translation>
    </message>
    <message>
        <source>topic</source>
        <translation>موضوع</translation>
    </message>
    <message>
        <source>claim</source>
        <translation>ادعاء</translation>
    </message>
    <message>
        <source>A person, organisation or state that acts or speaks</source>
        <translation>شخص أو منظمة أو دولة تقوم بفعل أو تتكلم</translation>
    </message>
    <message>
        <source>A date or time expression, in any calendar</source>
        <translation>تعبير عن تاريخ أو وقت، بأي تقويم</translation>
    </message>
    <message>
        <source>What the article is about: a country, a crisis, an issue</source>
        <translation>موضوع المقال: بلد أو أزمة أو قضية</translation>
    </message>
    <message>
        <source>A statement attributed to someone</source>
        <translation>تصريح منسوب إلى شخص ما</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Preparing the demo corpus</source>
        <translation>تجهيز المدوَّنة التجريبية</translation>
    </message>
    <message>
        <source>Preparing the demo corpus…</source>
        <translation>جارٍ تجهيز المدوَّنة التجريبية…</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>التسميات</translation>
    </message>
    <message>
        <source>Project: %s (read-only)</source>
        <translation>المشروع: %s (للقراءة فقط)</translation>
    </message>
    <message>
        <source>Ranking documents by the model&apos;s uncertainty</source>
        <translation>ترتيب المستندات بحسب عدم يقين النموذج</translation>
    </message>
    <message>
        <source>Annotator: %s</source>
        <translation>المُوسِّم: %s</translation>
    </message>
    <message>
        <source>Project: %s</source>
        <translation>المشروع: %s</translation>
    </message>
    <message>
        <source>Reviewer: %s</source>
        <translation>المراجِع: %s</translation>
    </message>
    <message>
        <source>%d of %d done</source>
        <translation>أُنجز %d من %d</translation>
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
        <translation>النموذج: لم يُحمَّل (%s)</translation>
    </message>
    <message>
        <source>Model: none yet</source>
        <translation>النموذج: لا يوجد بعد</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>لا مستندات</numerusform>
            <numerusform>مستند واحد</numerusform>
            <numerusform>مستندان</numerusform>
            <numerusform>%Ln مستندات</numerusform>
            <numerusform>%Ln مستندًا</numerusform>
            <numerusform>%Ln مستند</numerusform>
        </translation>
    </message>
    <message>
        <source>Model trained: F1 %s (%s)</source>
        <translation>النموذج مدرَّب: F1 %s (%s)</translation>
    </message>
    <message>
        <source>Model trained (%s; too few to measure)</source>
        <translation>النموذج مدرَّب (%s؛ أقل من أن يُقاس)</translation>
    </message>
    <message>
        <source>Model: out of date (the labels changed)</source>
        <translation>النموذج: قديم (تغيّرت التسميات)</translation>
    </message>
    <message>
        <source>Model: not trained yet</source>
        <translation>النموذج: لم يُدرَّب بعد</translation>
    </message>
    <message>
        <source>Model: not enough annotations yet</source>
        <translation>النموذج: لا توسيمات كافية بعد</translation>
    </message>
    <message>
        <source>The model is training already; it trains again after.</source>
        <translation>النموذج قيد التدريب الآن؛ سيتدرّب مجددًا بعده.</translation>
    </message>
    <message>
        <source>Nothing to learn from yet: mark documents with spans done first.</source>
        <translation>لا شيء يُتعلَّم منه بعد: علّم أولًا مستندات فيها مقاطع بأنها منجزة.</translation>
    </message>
    <message>
        <source>Model: could not start training (%s)</source>
        <translation>النموذج: تعذّر بدء التدريب (%s)</translation>
    </message>
    <message>
        <source>Training the model…</source>
        <translation>جارٍ تدريب النموذج…</translation>
    </message>
    <message>
        <source>Training the model… (measuring %d/%d)</source>
        <translation>جارٍ تدريب النموذج… (القياس %d/%d)</translation>
    </message>
    <message>
        <source>Training the model… (%d%%)</source>
        <translation>جارٍ تدريب النموذج… (%d%%)</translation>
    </message>
    <message>
        <source>Model: training failed (%s)</source>
        <translation>النموذج: فشل التدريب (%s)</translation>
    </message>
</context>
<context>
    <name>ModelPane</name>
    <message>
        <source>The model</source>
        <translation>النموذج</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>التسمية</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>الدقة</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>الاستدعاء</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>العتبة</translation>
    </message>
    <message>
        <source>Precision there</source>
        <translation>الدقة عند العتبة</translation>
    </message>
    <message>
        <source>Recall there</source>
        <translation>الاستدعاء عند العتبة</translation>
    </message>
    <message>
        <source>Learning curve: F1 on held-out documents</source>
        <translation>منحنى التعلّم: F1 على المستندات المحجوبة</translation>
    </message>
    <message>
        <source>only when asked</source>
        <translation>عند الطلب فقط</translation>
    </message>
    <message>
        <source> new spans</source>
        <translation> مقطعًا جديدًا</translation>
    </message>
    <message>
        <source>Train now</source>
        <translation>درّب الآن</translation>
    </message>
    <message>
        <source>Retrain after every:</source>
        <translation>أعد التدريب بعد كل:</translation>
    </message>
    <message>
        <source>The model learns from your finished documents (Ctrl+Enter).</source>
        <translation>يتعلّم النموذج من مستنداتك المنجزة (Ctrl+Enter).</translation>
    </message>
    <message numerus="yes">
        <source>Learnt from %Ln document(s)</source>
        <translation>
            <numerusform>تعلّم من لا مستندات</numerusform>
            <numerusform>تعلّم من مستند واحد</numerusform>
            <numerusform>تعلّم من مستندين</numerusform>
            <numerusform>تعلّم من %Ln مستندات</numerusform>
            <numerusform>تعلّم من %Ln مستندًا</numerusform>
            <numerusform>تعلّم من %Ln مستند</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %Ln span(s)</source>
        <translation>
            <numerusform>، لا مقاطع</numerusform>
            <numerusform>، مقطع واحد</numerusform>
            <numerusform>، مقطعان</numerusform>
            <numerusform>، %Ln مقاطع</numerusform>
            <numerusform>، %Ln مقطعًا</numerusform>
            <numerusform>، %Ln مقطع</numerusform>
        </translation>
    </message>
    <message>
        <source> in %s s of CPU</source>
        <translation> في %s ث من وقت المعالج</translation>
    </message>
    <message>
        <source>Measured on held-out documents (%d-fold, exact spans). A threshold is the confidence a suggestion needs to be shown; the training chose the lowest that reached precision %s.</source>
        <translation>مقيس على مستندات محجوبة (%d طيّات، مقاطع مطابقة تمامًا). العتبة هي الثقة التي يحتاجها المقترح ليظهر؛ اختار التدريب أدنى عتبة بلغت دقة %s.</translation>
    </message>
    <message>
        <source>No threshold of %s reached it: the training chose the one of best precision.</source>
        <translation>لم تبلغها أي عتبة لـ %s: اختار التدريب عتبة أفضل دقة.</translation>
    </message>
    <message>
        <source>No suggestion of %s was right on held-out documents where no rule proposes: none is shown.</source>
        <translation>لم يكن أي مقترح لـ %s صحيحًا على المستندات المحجوبة حيث لا تقترح أي قاعدة: لا يُعرض أي منها.</translation>
    </message>
    <message>
        <source>Not measured yet: it needs at least 4 finished documents.</source>
        <translation>لم يُقَس بعد: يلزم ٤ مستندات منجزة على الأقل.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>لا مستندات</numerusform>
            <numerusform>مستند واحد</numerusform>
            <numerusform>مستندان</numerusform>
            <numerusform>%Ln مستندات</numerusform>
            <numerusform>%Ln مستندًا</numerusform>
            <numerusform>%Ln مستند</numerusform>
        </translation>
    </message>
    <message>
        <source>Threshold of %s</source>
        <translation>عتبة %s</translation>
    </message>
    <message>
        <source>Not measured at this threshold</source>
        <translation>لم يُقَس عند هذه العتبة</translation>
    </message>
    <message>
        <source>The thresholds could not be stored: %s</source>
        <translation>تعذّر حفظ العتبات: %s</translation>
    </message>
</context>
<context>
    <name>NameDialog</name>
    <message>
        <source>Your name</source>
        <translation>اسمك</translation>
    </message>
    <message>
        <source>Change your name</source>
        <translation>تغيير اسمك</translation>
    </message>
    <message>
        <source>Annotator name (stored with every tag you make):</source>
        <translation>اسم المُوسِّم (يُحفظ مع كل وسم تضعه):</translation>
    </message>
</context>
<context>
    <name>PairsModel</name>
    <message>
        <source>Pair</source>
        <translation>الزوج</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <source>F1 exact</source>
        <translation>F1 تام</translation>
    </message>
    <message>
        <source>F1 overlap</source>
        <translation>F1 تداخل</translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa</source>
        <translation>كابا كوهين</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <source>Person</source>
        <translation>الشخص</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>الدور</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>المُسنَد</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>المُنجَز</translation>
    </message>
    <message>
        <source>Not assigned</source>
        <translation>خارج المُسنَد</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>آخر ظهور</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Light</source>
        <translation>فاتحة</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>داكنة</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>التفضيلات</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> نقطة</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>لغة النظام</translation>
    </message>
    <message>
        <source>A new language shows after a restart.</source>
        <translation>تظهر اللغة الجديدة بعد إعادة التشغيل.</translation>
    </message>
    <message>
        <source>%s + drag</source>
        <translation>%s + سحب</translation>
    </message>
    <message>
        <source>Hold it while selecting with the mouse to keep the exact characters instead of whole words. Many Linux desktops move windows on Alt+drag.</source>
        <translation>أبقِه مضغوطًا في أثناء التحديد بالفأرة لتحديد الأحرف نفسها بدلًا من كلمات كاملة. كثير من أسطح مكتب لينكس تنقل النوافذ عند Alt+سحب.</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>اسمك:</translation>
    </message>
    <message>
        <source>Font size:</source>
        <translation>حجم الخط:</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>السمة:</translation>
    </message>
    <message>
        <source>Interface language:</source>
        <translation>لغة الواجهة:</translation>
    </message>
    <message>
        <source>Exact selection:</source>
        <translation>التحديد الدقيق:</translation>
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
        <translation>الدرجة</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <source>Fewer than two of the annotators did this document</source>
        <translation>عمل على هذا المستند أقل من مُوسِّمَين</translation>
    </message>
    <message>
        <source>1 − mean overlap F1 of the annotator pairs on this document</source>
        <translation>1 − متوسط F1 التداخل لأزواج المُوسِّمين في هذا المستند</translation>
    </message>
</context>
<context>
    <name>ReviewMode</name>
    <message>
        <source> — review</source>
        <translation> — مراجعة</translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation>قائمة المراجعة</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>المقترحات</translation>
    </message>
    <message>
        <source>Review compares two or more annotators; this project has %d with work.</source>
        <translation>تقارن المراجعة بين مُوسِّمَين أو أكثر؛ وعدد من لديهم عمل في هذا المشروع: %d.</translation>
    </message>
    <message>
        <source>Ranking documents by disagreement</source>
        <translation>جارٍ ترتيب المستندات حسب الاختلاف</translation>
    </message>
    <message>
        <source>%s · %d of %d reviewed</source>
        <translation>%s · رُوجع %d من %d</translation>
    </message>
    <message>
        <source> · checking the ranking…</source>
        <translation> · جارٍ التحقق من الترتيب…</translation>
    </message>
    <message>
        <source>reviewed</source>
        <translation>مُراجَع</translation>
    </message>
    <message>
        <source>in review</source>
        <translation>قيد المراجعة</translation>
    </message>
    <message>
        <source>Focus a candidate first (Tab)</source>
        <translation>انتقل أولًا إلى مقترح (Tab)</translation>
    </message>
    <message>
        <source>Select text or focus a candidate (Tab) first, then press a label key</source>
        <translation>حدّد نصًا أو انتقل إلى مقترح (Tab) أولًا، ثم اضغط مفتاح تسمية</translation>
    </message>
    <message>
        <source>Undecided candidates</source>
        <translation>مقترحات لم يُبتّ فيها</translation>
    </message>
    <message>
        <source>%d candidate(s) are still undecided and will stay out of gold. Mark the document reviewed anyway?</source>
        <translation>لم يُبتّ بعد في %d من المقترحات، وستبقى خارج المرجع. أتضع علامة «مُراجَع» على المستند رغم ذلك؟</translation>
    </message>
    <message>
        <source>Every document in the queue is reviewed.</source>
        <translation>رُوجعت جميع المستندات في القائمة.</translation>
    </message>
    <message>
        <source>Nothing to accept there</source>
        <translation>لا شيء لقبوله هنا</translation>
    </message>
    <message>
        <source>Accept where K agree</source>
        <translation>القبول حيث يتفق K من المُوسِّمين</translation>
    </message>
    <message>
        <source>Accept spans that at least K of the %d annotators marked:</source>
        <translation>قبول المقاطع التي وسمها K على الأقل من المُوسِّمين الـ%d:</translation>
    </message>
</context>
<context>
    <name>ReviewSession</name>
    <message>
        <source>Review</source>
        <translation>مراجعة</translation>
    </message>
</context>
<context>
    <name>ReviewSetupDialog</name>
    <message>
        <source>Review annotators&apos; work</source>
        <translation>مراجعة عمل المُوسِّمين</translation>
    </message>
    <message>
        <source>Choose whose work to compare and adjudicate. A review needs the work of two annotators or more.</source>
        <translation>اختر مَن تريد مقارنة عملهم والفصل فيه. تحتاج المراجعة إلى عمل مُوسِّمَين أو أكثر.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>المفاتيح</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>الإجراء</translation>
    </message>
</context>
<context>
    <name>SpanListModel</name>
    <message>
        <source>Label</source>
        <translation>التسمية</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>القيمة</translation>
    </message>
    <message>
        <source>set value (F2)</source>
        <translation>تعيين القيمة (F2)</translation>
    </message>
    <message>
        <source>A topic from the project&apos;s list: F2 to choose or add one</source>
        <translation>موضوع من قائمة المشروع؛ اضغط F2 للاختيار أو لإضافة موضوع جديد</translation>
    </message>
    <message>
        <source>Who said it: S to choose, Shift+S to remove</source>
        <translation>القائل: S للاختيار، Shift+S للإزالة</translation>
    </message>
    <message>
        <source>Registry actor: F2 to link another, or type a new name to add one</source>
        <translation>فاعل من السجل؛ اضغط F2 لربط فاعل آخر أو اكتب اسمًا جديدًا لإضافته</translation>
    </message>
    <message>
        <source>Suggested from the publication date %s: F2 to confirm</source>
        <translation>مقترح استنادًا إلى تاريخ النشر %s؛ اضغط F2 للتأكيد</translation>
    </message>
    <message>
        <source>Normalised value (%s); F2 to edit</source>
        <translation>القيمة الموحّدة (%s)؛ اضغط F2 للتعديل</translation>
    </message>
    <message>
        <source>No value yet: F2 to type one (2017-11-21, 2017-11, --11-21)</source>
        <translation>لا قيمة بعد؛ اضغط F2 لإدخالها (2017-11-21، 2017-11، --11-21)</translation>
    </message>
</context>
<context>
    <name>SpanPanel</name>
    <message>
        <source>Label as %s</source>
        <translation>تغيير التسمية إلى %s</translation>
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
        <translation>السجل</translation>
    </message>
    <message>
        <source>repeat</source>
        <translation>تكرار</translation>
    </message>
    <message>
        <source>date</source>
        <translation>تاريخ</translation>
    </message>
    <message>
        <source>model</source>
        <translation>النموذج</translation>
    </message>
    <message>
        <source>Suggestion (%s): Y accepts, N rejects, a label key relabels</source>
        <translation>مقترح (%s): Y يقبل، N يرفض، مفتاح تسمية يغيّر التسمية</translation>
    </message>
    <message>
        <source>Accept suggestions of one kind</source>
        <translation>قبول مقترحات من نوع واحد</translation>
    </message>
    <message>
        <source>Suggestions accepted: %s</source>
        <translation>المقترحات المقبولة: %s</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <source>Unexpected error: %s</source>
        <translation>خطأ غير متوقع: %s</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Cancelled; nothing was changed.</source>
        <translation>أُلغي؛ لم يتغير شيء.</translation>
    </message>
</context>
<context>
    <name>TeamDashboard</name>
    <message>
        <source>not defined</source>
        <translation>غير معرَّف</translation>
    </message>
    <message>
        <source>never</source>
        <translation>أبدًا</translation>
    </message>
    <message>
        <source>lead</source>
        <translation>مشرف</translation>
    </message>
    <message>
        <source>analyst</source>
        <translation>محلّل</translation>
    </message>
    <message>
        <source>Team dashboard</source>
        <translation>لوحة الفريق</translation>
    </message>
    <message>
        <source>Reading the team&apos;s progress</source>
        <translation>قراءة تقدّم الفريق</translation>
    </message>
    <message>
        <source>Release your claim on %1?

Another lead may then adjudicate it.</source>
        <translation>أتفكّ حجزك على %1؟

عندها يمكن لمشرف آخر البتّ فيه.</translation>
    </message>
    <message>
        <source>Release %1&apos;s claim on %2 (held since %3)?

Another lead&apos;s gold may then be stored on it; the server records that you released it.</source>
        <translation>أتفكّ حجز %1 على %2 (محجوز منذ %3)؟

عندها يمكن حفظ مرجع مشرف آخر عليه؛ ويسجّل الخادم أنك فككته.</translation>
    </message>
    <message>
        <source>Release claim</source>
        <translation>فكّ الحجز</translation>
    </message>
    <message>
        <source>Releasing the claim on %1…</source>
        <translation>جارٍ فكّ الحجز على %1…</translation>
    </message>
    <message>
        <source>Releasing the claim</source>
        <translation>جارٍ فكّ الحجز</translation>
    </message>
    <message>
        <source>Released your claim on %1.</source>
        <translation>فُكّ حجزك على %1.</translation>
    </message>
    <message>
        <source>Released %1&apos;s claim on %2; the server recorded it.</source>
        <translation>فُكّ حجز %1 على %2؛ وسجّله الخادم.</translation>
    </message>
    <message>
        <source>You hold %1 now: not released.</source>
        <translation>%1 محجوز لديك الآن: لم يُفكّ.</translation>
    </message>
    <message>
        <source>%1 is held by %2 now: not released.</source>
        <translation>%1 محجوز لدى %2 الآن: لم يُفكّ.</translation>
    </message>
    <message>
        <source>Nobody holds %1 any more: nothing to release.</source>
        <translation>لم يعد أحد يحجز %1: لا شيء لفكّه.</translation>
    </message>
    <message>
        <source>Not released: %1</source>
        <translation>لم يُفكّ: %1</translation>
    </message>
</context>
<context>
    <name>TeamJoin</name>
    <message>
        <source>Team projects need psycopg (pip install &apos;seed-annotator[team]&apos;): %s</source>
        <translation>مشاريع الفريق تحتاج إلى psycopg (pip install &apos;seed-annotator[team]&apos;): %s</translation>
    </message>
</context>
<context>
    <name>TeamSync</name>
    <message>
        <source>Syncing…</source>
        <translation>جارٍ المزامنة…</translation>
    </message>
    <message>
        <source>Synced %s</source>
        <translation>تمت المزامنة %s</translation>
    </message>
    <message>
        <source>gold not sent, held by another lead: %s</source>
        <translation>لم يُرسَل المرجع، يحتفظ بالوثائق مشرف آخر: %s</translation>
    </message>
    <message>
        <source>Another lead holds these documents for adjudication, so the server refuses your gold on them; it stays in this copy. Ask them to release the documents (annotator team release), or wait until they mark them reviewed.</source>
        <translation>يحتفظ مشرف آخر بهذه الوثائق للتحكيم، لذا يرفض الخادم مرجعك عليها؛ ويبقى في هذه النسخة. اطلب منه تحرير الوثائق (annotator team release)، أو انتظر حتى يعلّمها مراجَعة.</translation>
    </message>
    <message numerus="yes">
        <source>%n server row(s) left out</source>
        <translation>
            <numerusform>لم يُترك أي صف من الخادم</numerusform>
            <numerusform>تُرك صف واحد من الخادم</numerusform>
            <numerusform>تُرك صفان من الخادم</numerusform>
            <numerusform>تُركت %n صفوف من الخادم</numerusform>
            <numerusform>تُرك %n صفًا من الخادم</numerusform>
            <numerusform>تُرك %n صف من الخادم</numerusform>
        </translation>
    </message>
    <message>
        <source>Server rows left out of the pulls since this window opened, for a name holding control or text-direction characters, attributes or meta that are no JSON object, or a document no import would store (see the log); first: %s</source>
        <translation>صفوف من الخادم تُركت جانبًا في السحب منذ فتح هذه النافذة، لاسمٍ يحمل محارف تحكّم أو اتجاه نص، أو لسمات أو بيانات وصفية ليست كائن JSON، أو لوثيقة ما كان أي استيراد ليحفظها (انظر سجل البرنامج)؛ أولها: %s</translation>
    </message>
    <message numerus="yes">
        <source>%n edit(s) waiting</source>
        <translation>
            <numerusform>لا تعديلات في الانتظار</numerusform>
            <numerusform>تعديل واحد في الانتظار</numerusform>
            <numerusform>تعديلان في الانتظار</numerusform>
            <numerusform>%n تعديلات في الانتظار</numerusform>
            <numerusform>%n تعديلًا في الانتظار</numerusform>
            <numerusform>%n تعديل في الانتظار</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline since %s</source>
        <translation>غير متصل منذ %s</translation>
    </message>
    <message>
        <source>Sync error: %s</source>
        <translation>خطأ في المزامنة: %s</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <source>The span is gone (%s)</source>
        <translation>لم يعد المقطع موجودًا (%s)</translation>
    </message>
    <message>
        <source>Tag %s</source>
        <translation>وسم %s</translation>
    </message>
    <message>
        <source>Remove %s</source>
        <translation>حذف %s</translation>
    </message>
    <message>
        <source>Relabel %s as %s</source>
        <translation>تغيير التسمية %s إلى %s</translation>
    </message>
    <message>
        <source>Set the value of %s</source>
        <translation>تعيين قيمة %s</translation>
    </message>
    <message>
        <source>Link claim to source</source>
        <translation>ربط الادعاء بالمصدر</translation>
    </message>
    <message>
        <source>Unlink source</source>
        <translation>إزالة ربط المصدر</translation>
    </message>
    <message>
        <source>Mark %s</source>
        <translation>وضع علامة: %s</translation>
    </message>
    <message>
        <source>Add label %s</source>
        <translation>إضافة التسمية %s</translation>
    </message>
    <message>
        <source>Accept the suggestion %s</source>
        <translation>قبول المقترح %s</translation>
    </message>
    <message>
        <source>Reject the suggestion %s</source>
        <translation>رفض المقترح %s</translation>
    </message>
</context>
<context>
    <name>ViewCommands</name>
    <message>
        <source>Your new name applies when Seed Annotator is restarted.</source>
        <translation>يُطبَّق اسمك الجديد عند إعادة تشغيل Seed Annotator.</translation>
    </message>
    <message>
        <source>The new interface language applies when Seed Annotator is restarted.</source>
        <translation>تُطبَّق لغة الواجهة الجديدة عند إعادة تشغيل Seed Annotator.</translation>
    </message>
    <message>
        <source>Next / previous span</source>
        <translation>المقطع التالي / السابق</translation>
    </message>
    <message>
        <source>Move the caret by words, extend</source>
        <translation>تحريك المؤشر كلمةً كلمة، مع توسيع التحديد</translation>
    </message>
    <message>
        <source>Edit the span&apos;s value (date, actor, topic, claim&apos;s speaker)</source>
        <translation>تعديل قيمة المقطع (التاريخ، الفاعل، الموضوع، قائل الادعاء)</translation>
    </message>
    <message>
        <source>Clear the selection</source>
        <translation>مسح التحديد</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;File</source>
        <translation>ملف</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>تحرير</translation>
    </message>
    <message>
        <source>&amp;Document</source>
        <translation>مستند</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>مراجعة</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;النموذج</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>عرض</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>مساعدة</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>العمل</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>فتح مشروع…</translation>
    </message>
    <message>
        <source>&amp;Recent projects</source>
        <translation>المشاريع الأخيرة</translation>
    </message>
    <message>
        <source>&amp;Join team project…</source>
        <translation>ا&amp;لانضمام إلى مشروع فريق…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>استيراد…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>تصدير…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>التفضيلات…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>تراجع</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>إعادة</translation>
    </message>
    <message>
        <source>&amp;Find in the article…</source>
        <translation>البحث في النص…</translation>
    </message>
    <message>
        <source>&amp;Delete span</source>
        <translation>حذف المقطع</translation>
    </message>
    <message>
        <source>Accept the suggestion</source>
        <translation>قبول المقترح</translation>
    </message>
    <message>
        <source>Reject the suggestion</source>
        <translation>رفض المقترح</translation>
    </message>
    <message>
        <source>Accept every suggestion of this kind</source>
        <translation>قبول كل المقترحات من هذا النوع</translation>
    </message>
    <message>
        <source>Choose the claim&apos;s &amp;source</source>
        <translation>اختيار مصدر الادعاء</translation>
    </message>
    <message>
        <source>Remove the claim&apos;s source</source>
        <translation>إزالة مصدر الادعاء</translation>
    </message>
    <message>
        <source>Confirm the source</source>
        <translation>تأكيد المصدر</translation>
    </message>
    <message>
        <source>Add a &amp;label…</source>
        <translation>إضافة تسمية…</translation>
    </message>
    <message>
        <source>Mark &amp;done and go to next</source>
        <translation>وضع علامة «منجز» والانتقال إلى التالي</translation>
    </message>
    <message>
        <source>Mark &amp;in progress</source>
        <translation>وضع علامة «قيد العمل»</translation>
    </message>
    <message>
        <source>&amp;Next document</source>
        <translation>المستند التالي</translation>
    </message>
    <message>
        <source>&amp;Previous document</source>
        <translation>المستند السابق</translation>
    </message>
    <message>
        <source>&amp;Review annotators&apos; work…</source>
        <translation>مراجعة عمل المُوسِّمين…</translation>
    </message>
    <message>
        <source>A&amp;greement between annotators…</source>
        <translation>الاتفاق بين المُوسِّمين…</translation>
    </message>
    <message>
        <source>&amp;Differences between gold and my work</source>
        <translation>الاختلافات بين المرجع وعملي</translation>
    </message>
    <message>
        <source>&amp;Team dashboard…</source>
        <translation>لوحة &amp;الفريق…</translation>
    </message>
    <message>
        <source>&amp;Accept candidate</source>
        <translation>قبول المقترح</translation>
    </message>
    <message>
        <source>Re&amp;ject candidate</source>
        <translation>رفض المقترح</translation>
    </message>
    <message>
        <source>Accept where &amp;all agree</source>
        <translation>القبول حيث يتفق الجميع</translation>
    </message>
    <message>
        <source>Accept where &amp;K agree…</source>
        <translation>القبول حيث يتفق K من المُوسِّمين…</translation>
    </message>
    <message>
        <source>Refresh the &amp;ranking</source>
        <translation>تحديث الترتيب</translation>
    </message>
    <message>
        <source>The &amp;model: scores and thresholds…</source>
        <translation>&amp;النموذج: الدرجات والعتبات…</translation>
    </message>
    <message>
        <source>&amp;Train the model now</source>
        <translation>&amp;درّب النموذج الآن</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>تكبير</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>تصغير</translation>
    </message>
    <message>
        <source>&amp;Reset zoom</source>
        <translation>الحجم الأصلي</translation>
    </message>
    <message>
        <source>&amp;Dark theme</source>
        <translation>السمة الداكنة</translation>
    </message>
    <message>
        <source>Show &amp;suggestions</source>
        <translation>إظهار المقترحات</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>لغة النظام</translation>
    </message>
    <message>
        <source>Tag as %s</source>
        <translation>وسم بالتسمية %s</translation>
    </message>
    <message>
        <source>Tag as %s, exact characters</source>
        <translation>وسم بالتسمية %s، بالأحرف نفسها</translation>
    </message>
</context>
<context>
    <name>_NameField</name>
    <message>
        <source>e.g. sara</source>
        <translation>مثلًا sara</translation>
    </message>
    <message>
        <source>Type a name: your tags are stored under it.</source>
        <translation>اكتب اسمًا؛ تُحفظ وسومك تحت هذا الاسم.</translation>
    </message>
    <message>
        <source>“%s” is where reviewed spans are kept: choose another name.</source>
        <translation>تُحفظ المقاطع المُراجَعة باسم «%s»؛ اختر اسمًا آخر.</translation>
    </message>
    <message>
        <source>A name cannot hold control or text-direction characters: they would change how the names and text around it read.</source>
        <translation>لا يجوز أن يحتوي الاسم على محارف تحكّم أو محارف تحديد اتجاه النص: فهي تغيّر طريقة قراءة الأسماء والنص المحيط به.</translation>
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
        <translation>يحتوي %1 على أوامر SQL لم ينشئها Seed Annotator:
%2

قد تغيّر هذه الأوامر عملك دون علمك، لذلك لم يُفتح المشروع ولم يتغيّر الملف.

هل تُنشأ بجانبه نسخة منظّفة، دون هذه الأوامر، وتُفتح؟</translation>
    </message>
    <message>
        <source>Making a cleaned copy of %1</source>
        <translation>إنشاء نسخة منظَّفة من %1</translation>
    </message>
    <message>
        <source>%1 holds rows Seed Annotator cannot use:
%2

Nothing will be written into it; the file was not changed.

Make a copy beside it that keeps everything else, leaving out or emptying only such rows, and open the copy? What was left out will be listed.</source>
        <translation>يحتوي %1 على صفوف لا يستطيع Seed Annotator استخدامها:
%2

لن يُكتب فيه شيء؛ ولم يُغيَّر الملف.

هل تُنشأ بجانبه نسخة تحتفظ بكل ما عدا ذلك، وتستبعد أو تُفرغ هذه الصفوف وحدها، ثم تُفتح النسخة؟ ستُعرض قائمة بما استُبعد.</translation>
    </message>
    <message>
        <source>%1 was made beside %2, which was not changed and still holds everything. Rows Seed Annotator cannot use were left out of the copy or emptied:</source>
        <translation>أُنشئت %1 بجانب %2، الذي لم يُغيَّر وما زال يحتفظ بكل شيء. الصفوف التي لا يستطيع Seed Annotator استخدامها استُبعدت من النسخة أو أُفرغت:</translation>
    </message>
    <message>
        <source>Rows that break the project&apos;s rules were left out of %1: %2</source>
        <translation>صفوف تخالف قواعد المشروع لم تُنقل إلى %1: %2</translation>
    </message>
    <message>
        <source>Checking %1</source>
        <translation>فحص %1</translation>
    </message>
    <message>
        <source>%1: is still being checked (SQLite&apos;s integrity check); nothing was changed. Try again in a moment.</source>
        <translation>%1: ما زال قيد الفحص (فحص السلامة في SQLite)؛ لم يتغيّر شيء. أعد المحاولة بعد قليل.</translation>
    </message>
    <message>
        <source>Checking the project…</source>
        <translation>جارٍ فحص المشروع…</translation>
    </message>
    <message>
        <source>This project holds rows Seed Annotator cannot use: nothing will be written into it.</source>
        <translation>يحتوي هذا المشروع على صفوف لا يستطيع Seed Annotator استخدامها: لن يُكتب فيه شيء.</translation>
    </message>
    <message>
        <source>The project passed its check.</source>
        <translation>اجتاز المشروع الفحص.</translation>
    </message>
    <message>
        <source>This project did not pass its check: nothing will be written into it.</source>
        <translation>لم يجتز هذا المشروع الفحص: لن يُكتب فيه شيء.</translation>
    </message>
    <message>
        <source>An export was interrupted earlier:</source>
        <translation>انقطع تصديرٌ من قبل:</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>%1 is read-only here (%2), so nothing was changed.</source>
        <translation>%1 للقراءة فقط هنا (%2)، لذلك لم يتغير شيء.</translation>
    </message>
    <message>
        <source>%1 is damaged (%2); nothing was changed, and nothing will be written into it.</source>
        <translation>%1 تالف (%2)؛ لم يتغير شيء، ولن يُكتب فيه شيء.</translation>
    </message>
    <message>
        <source>%1 is not damaged: its pages are sound, but it holds rows Seed Annotator cannot use (%2). Nothing was changed, and nothing will be written into it. A copy that keeps everything else is offered when the file is opened again; it can also be made with the command: %3</source>
        <translation>%1 ليس تالفًا: صفحاته سليمة، لكنه يحتوي على صفوف لا يستطيع Seed Annotator استخدامها (%2). لم يتغير شيء، ولن يُكتب فيه شيء. عند فتح الملف مرة أخرى تُعرض نسخة تحتفظ بكل ما عدا ذلك؛ ويمكن إنشاؤها أيضًا بالأمر: %3</translation>
    </message>
    <message>
        <source>No copy of %1 can be made beside it (%2); nothing was changed. Copy the file to a folder you can write to and open it from there.</source>
        <translation>لا يمكن إنشاء نسخة من %1 بجانبه (%2)؛ لم يتغير شيء. انسخ الملف إلى مجلد يمكنك الكتابة فيه وافتحه من هناك.</translation>
    </message>
    <message>
        <source>%1: the disk is full; nothing was changed. Make room on it and try again.</source>
        <translation>%1: القرص ممتلئ؛ لم يتغير شيء. أفرغ بعض المساحة عليه وحاول مرة أخرى.</translation>
    </message>
</context>
<context>
    <name>jobs</name>
    <message numerus="yes">
        <source>Imported %n new document(s)</source>
        <translation>
            <numerusform>لم يُستورد أي مستند جديد</numerusform>
            <numerusform>استُورد مستند جديد واحد</numerusform>
            <numerusform>استُورد مستندان جديدان</numerusform>
            <numerusform>استُوردت %n مستندات جديدة</numerusform>
            <numerusform>استُورد %n مستندًا جديدًا</numerusform>
            <numerusform>استُورد %n مستند جديد</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already there</source>
        <translation>
            <numerusform>لا شيء موجود مسبقًا</numerusform>
            <numerusform>واحد موجود مسبقًا</numerusform>
            <numerusform>اثنان موجودان مسبقًا</numerusform>
            <numerusform>%n موجودة مسبقًا</numerusform>
            <numerusform>%n موجودًا مسبقًا</numerusform>
            <numerusform>%n موجود مسبقًا</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s) added</source>
        <translation>
            <numerusform>لم يُضف أي مقطع</numerusform>
            <numerusform>أُضيف مقطع واحد</numerusform>
            <numerusform>أُضيف مقطعان</numerusform>
            <numerusform>أُضيفت %n مقاطع</numerusform>
            <numerusform>أُضيف %n مقطعًا</numerusform>
            <numerusform>أُضيف %n مقطع</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n model prediction(s)</source>
        <translation>
            <numerusform>لا توقّعات من نموذج</numerusform>
            <numerusform>توقّع واحد من نموذج</numerusform>
            <numerusform>توقّعان من نموذج</numerusform>
            <numerusform>%n توقّعات من نموذج</numerusform>
            <numerusform>%n توقّعًا من نموذج</numerusform>
            <numerusform>%n توقّع من نموذج</numerusform>
        </translation>
    </message>
    <message>
        <source>; </source>
        <translation>؛ </translation>
    </message>
    <message>
        <source>. Read as: %s.</source>
        <translation>. قُرئت بصيغة: %s.</translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s).</source>
        <translation>
            <numerusform>لا تحذيرات.</numerusform>
            <numerusform>تحذير واحد.</numerusform>
            <numerusform>تحذيران.</numerusform>
            <numerusform>%n تحذيرات.</numerusform>
            <numerusform>%n تحذيرًا.</numerusform>
            <numerusform>%n تحذير.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n document(s)</source>
        <translation>
            <numerusform>لم يُصدَّر أي مستند</numerusform>
            <numerusform>صُدِّر مستند واحد</numerusform>
            <numerusform>صُدِّر مستندان</numerusform>
            <numerusform>صُدِّرت %n مستندات</numerusform>
            <numerusform>صُدِّر %n مستندًا</numerusform>
            <numerusform>صُدِّر %n مستند</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s)</source>
        <translation>
            <numerusform>لا مقاطع</numerusform>
            <numerusform>مقطع واحد</numerusform>
            <numerusform>مقطعان</numerusform>
            <numerusform>%n مقاطع</numerusform>
            <numerusform>%n مقطعًا</numerusform>
            <numerusform>%n مقطع</numerusform>
        </translation>
    </message>
    <message>
        <source>%s, %s to %s.</source>
        <translation>%s و%s إلى %s.</translation>
    </message>
    <message>
        <source> Not expressible in %s: %s.</source>
        <translation> لا يمكن تمثيله في %s: %s.</translation>
    </message>
    <message>
        <source>The demo corpus is ready.</source>
        <translation>المدوَّنة التجريبية جاهزة.</translation>
    </message>
    <message numerus="yes">
        <source>The search index was rebuilt from %n document(s).</source>
        <translation>
            <numerusform>أُعيد بناء فهرس البحث، ولا مستندات فيه.</numerusform>
            <numerusform>أُعيد بناء فهرس البحث من مستند واحد.</numerusform>
            <numerusform>أُعيد بناء فهرس البحث من مستندين.</numerusform>
            <numerusform>أُعيد بناء فهرس البحث من %n مستندات.</numerusform>
            <numerusform>أُعيد بناء فهرس البحث من %n مستندًا.</numerusform>
            <numerusform>أُعيد بناء فهرس البحث من %n مستند.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>read-only</name>
    <message>
        <source>the disk it is on is read-only</source>
        <translation>القرص الذي عليه المشروع للقراءة فقط</translation>
    </message>
    <message>
        <source>the file is read-only</source>
        <translation>الملف للقراءة فقط</translation>
    </message>
    <message>
        <source>its folder is not writable</source>
        <translation>لا يمكن الكتابة في مجلده</translation>
    </message>
    <message>
        <source>%1 beside it is read-only; remove it when no program has it open</source>
        <translation>%1 بجانبه للقراءة فقط؛ احذفه حين لا يكون مفتوحًا في أي برنامج</translation>
    </message>
</context>
<context>
    <name>salvage</name>
    <message>
        <source>Spans ending past their document&apos;s text, left out</source>
        <translation>مقاطع تنتهي بعد نهاية نص مستندها، استُبعدت</translation>
    </message>
    <message>
        <source>Model predictions ending past their document&apos;s text, left out</source>
        <translation>تنبؤات نموذج تنتهي بعد نهاية نص مستندها، استُبعدت</translation>
    </message>
    <message>
        <source>Spans on a document not in the file, left out</source>
        <translation>مقاطع على مستند ليس في الملف، استُبعدت</translation>
    </message>
    <message>
        <source>Model predictions on a document not in the file, left out</source>
        <translation>تنبؤات نموذج على مستند ليس في الملف، استُبعدت</translation>
    </message>
    <message>
        <source>Spans whose offsets are not stored as whole numbers, run below 0 or do not end after their start, left out</source>
        <translation>مقاطع مواضعها غير مخزّنة أعدادًا صحيحة أو أقل من 0 أو لا تنتهي بعد بدايتها، استُبعدت</translation>
    </message>
    <message>
        <source>Model predictions whose offsets are not stored as whole numbers, run below 0 or do not end after their start, left out</source>
        <translation>تنبؤات نموذج مواضعها غير مخزّنة أعدادًا صحيحة أو أقل من 0 أو لا تنتهي بعد بدايتها، استُبعدت</translation>
    </message>
    <message>
        <source>Speaker links and other relations of those spans, left out with them</source>
        <translation>روابط المتحدث وسائر علاقات تلك المقاطع، استُبعدت معها</translation>
    </message>
    <message>
        <source>The gold provenance of those spans, left out with them</source>
        <translation>مصدر المعيار الذهبي لتلك المقاطع، استُبعد معها</translation>
    </message>
    <message>
        <source>Documents whose metadata could not be read, kept with none</source>
        <translation>مستندات تعذّرت قراءة بياناتها الوصفية، أُبقيت بلا بيانات وصفية</translation>
    </message>
    <message>
        <source>Spans whose attributes (value, actor, source) could not be read, kept without them</source>
        <translation>مقاطع تعذّرت قراءة سماتها (القيمة، الفاعل، المصدر)، أُبقيت بدونها</translation>
    </message>
    <message>
        <source>Relations whose attributes could not be read, kept without them</source>
        <translation>علاقات تعذّرت قراءة سماتها، أُبقيت بدونها</translation>
    </message>
    <message>
        <source>Model predictions whose attributes could not be read, kept without them</source>
        <translation>تنبؤات نموذج تعذّرت قراءة سماتها، أُبقيت بدونها</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>Preparing the demo corpus</source>
        <translation>تجهيز المدوَّنة التجريبية</translation>
    </message>
    <message>
        <source>Preparing the demo corpus…</source>
        <translation>جارٍ تجهيز المدوَّنة التجريبية…</translation>
    </message>
</context>
</TS>
