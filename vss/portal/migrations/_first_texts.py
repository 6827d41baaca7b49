"""The public site's first texts, as a fresh installation publishes them (migration 0002).
Plain words for people who may read little: short sentences, one idea each. The Section's
staff change them afterwards on the site's text pages; this file is not read again."""

# (page, language, title, summary, body)
FIRST_TEXTS: list[tuple[str, str, str, str, str]] = [
    # Home
    (
        "home",
        "km",
        "អង្គភាពគាំពារជនរងគ្រោះ",
        "យើងជួយជនរងគ្រោះនៃរបបខ្មែរក្រហម ឱ្យចូលរួមក្នុងការជំនុំជម្រះ។ ជំនួយរបស់យើងឥតគិតថ្លៃ។",
        "ប្រសិនបើអ្នក ឬក្រុមគ្រួសាររបស់អ្នក បានរងទុក្ខក្នុងរបបខ្មែរក្រហម (ឆ្នាំ ១៩៧៥ ដល់ ១៩៧៩) អ្នកមានសិទ្ធិចូលរួមក្នុងការជំនុំជម្រះនៅ អ.វ.ត.ក។\n\n"
        "## អ្វីដែលយើងធ្វើសម្រាប់អ្នក\n\n"
        "- យើងប្រាប់អ្នកពីសិទ្ធិរបស់អ្នក។\n"
        "- យើងជួយអ្នកបំពេញពាក្យស្នើសុំ ដើម្បីក្លាយជាអ្នកប្តឹង ឬដើមបណ្តឹងរដ្ឋប្បវេណី។\n"
        "- យើងរកមេធាវី និងការគាំទ្រផ្លូវចិត្តសម្រាប់អ្នក។\n"
        "- យើងប្រាប់ព័ត៌មានអំពីសវនាការ និងសំណងជួសជុល។\n\n"
        "អ្នកអាចដាក់ពាក្យតាមអនឡាញ ឬសុំជំនួយពីអង្គការដៃគូនៅខេត្តរបស់អ្នក។ ប្រសិនបើអ្នកមិនអាចអាន ឬសរសេរបាន អ្នកផ្សេងអាចជួយអ្នកបាន។",
    ),
    (
        "home",
        "en",
        "Victims Support Section",
        "We help victims of the Khmer Rouge regime take part in the trials. Our help is free.",
        "If you or your family suffered under the Khmer Rouge regime (1975 to 1979), you have the right to take part in the trials at the ECCC.\n\n"
        "## What we do for you\n\n"
        "- We tell you about your rights.\n"
        "- We help you fill in the form to become a complainant or a Civil Party.\n"
        "- We find you a lawyer and psychological support.\n"
        "- We give you news of the hearings and of reparations.\n\n"
        "You can apply online, or ask a partner organisation in your province for help. If you cannot read or write, someone else may help you.",
    ),
    (
        "home",
        "fr",
        "Section d'appui aux victimes",
        "Nous aidons les victimes du régime des Khmers rouges à prendre part aux procès. Notre aide est gratuite.",
        "Si vous ou votre famille avez souffert sous le régime des Khmers rouges (de 1975 à 1979), vous avez le droit de prendre part aux procès des CETC.\n\n"
        "## Ce que nous faisons pour vous\n\n"
        "- Nous vous expliquons vos droits.\n"
        "- Nous vous aidons à remplir le formulaire pour devenir plaignant ou partie civile.\n"
        "- Nous vous trouvons un avocat et un soutien psychologique.\n"
        "- Nous vous donnons des nouvelles des audiences et des réparations.\n\n"
        "Vous pouvez déposer une demande en ligne, ou demander l'aide d'une organisation partenaire dans votre province. Si vous ne savez pas lire ou écrire, quelqu'un d'autre peut vous aider.",
    ),
    # Rights
    (
        "rights",
        "km",
        "សិទ្ធិរបស់អ្នកក្នុងនាមជាជនរងគ្រោះ",
        "ជនរងគ្រោះនៃរបបខ្មែរក្រហម មានសិទ្ធិដឹង និយាយ និងស្វែងរកសំណងជួសជុល។",
        "អ្នកគឺជាជនរងគ្រោះ ប្រសិនបើអ្នកបានរងការឈឺចាប់ផ្លូវកាយ ការខាតបង់ទ្រព្យសម្បត្តិ ឬការឈឺចាប់ផ្លូវចិត្ត ដោយសារឧក្រិដ្ឋកម្មនៃរបបខ្មែរក្រហម។ ការបាត់បង់សមាជិកគ្រួសារជិតស្និទ្ធ ក៏រាប់បញ្ចូលដែរ។\n\n"
        "## សិទ្ធិរបស់អ្នក\n\n"
        "- សិទ្ធិទទួលព័ត៌មានអំពីការជំនុំជម្រះ ជាភាសាខ្មែរ។\n"
        "- សិទ្ធិដាក់ពាក្យប្តឹង ឬដាក់ពាក្យជាដើមបណ្តឹងរដ្ឋប្បវេណី។\n"
        "- សិទ្ធិមានមេធាវីតំណាង។\n"
        "- សិទ្ធិស្នើសុំសំណងជួសជុលជាលក្ខណៈសមូហភាព និងផ្លូវចិត្ត។\n"
        "- សិទ្ធិទទួលការគាំទ្រផ្លូវចិត្ត។\n"
        "- សិទ្ធិឱ្យព័ត៌មានផ្ទាល់ខ្លួនរបស់អ្នកត្រូវបានការពារ។\n\n"
        "ការដាក់ពាក្យ និងជំនួយរបស់យើង គឺឥតគិតថ្លៃ។",
    ),
    (
        "rights",
        "en",
        "Your rights as a victim",
        "Victims of the Khmer Rouge regime have the right to know, to be heard and to seek reparations.",
        "You are a victim if a crime of the Khmer Rouge regime hurt you in your body, made you lose property, or caused you suffering of the mind. Losing a close family member counts too.\n\n"
        "## Your rights\n\n"
        "- The right to information about the trials, in Khmer.\n"
        "- The right to file a complaint, or to apply to be a Civil Party.\n"
        "- The right to a lawyer to represent you.\n"
        "- The right to ask for collective and moral reparations.\n"
        "- The right to psychological support.\n"
        "- The right to have your personal information protected.\n\n"
        "Applying and our help are free.",
    ),
    (
        "rights",
        "fr",
        "Vos droits en tant que victime",
        "Les victimes du régime des Khmers rouges ont le droit de savoir, d'être entendues et de demander réparation.",
        "Vous êtes une victime si un crime du régime des Khmers rouges vous a blessé dans votre corps, vous a fait perdre des biens, ou vous a fait souffrir moralement. La perte d'un proche compte aussi.\n\n"
        "## Vos droits\n\n"
        "- Le droit d'être informé des procès, en khmer.\n"
        "- Le droit de porter plainte, ou de demander à être partie civile.\n"
        "- Le droit à un avocat pour vous représenter.\n"
        "- Le droit de demander des réparations collectives et morales.\n"
        "- Le droit à un soutien psychologique.\n"
        "- Le droit à la protection de vos informations personnelles.\n\n"
        "La demande et notre aide sont gratuites.",
    ),
    # Complainant or Civil Party
    (
        "participating",
        "km",
        "អ្នកប្តឹង ឬដើមបណ្តឹងរដ្ឋប្បវេណី",
        "មានវិធីពីរយ៉ាងដើម្បីចូលរួម៖ ប្រាប់តុលាការពីអ្វីដែលបានកើតឡើង ឬក្លាយជាភាគីនៃការជំនុំជម្រះ។",
        "## អ្នកប្តឹង\n\n"
        "អ្នកប្តឹង ប្រាប់សហព្រះរាជអាជ្ញាពីឧក្រិដ្ឋកម្មដែលខ្លួនបានឃើញ ឬបានរងគ្រោះ។ ពាក្យបណ្តឹងអាចជួយការស៊ើបសួរ។ ប៉ុន្តែអ្នកប្តឹងមិនមែនជាភាគីនៃការជំនុំជម្រះទេ។\n\n"
        "## ដើមបណ្តឹងរដ្ឋប្បវេណី\n\n"
        "ដើមបណ្តឹងរដ្ឋប្បវេណី គឺជាភាគីនៃការជំនុំជម្រះ ដូចជាអ្នកចោទប្រកាន់ និងជនជាប់ចោទដែរ។ ដើមបណ្តឹងរដ្ឋប្បវេណី៖\n\n"
        "- មានមេធាវីតំណាងនៅក្នុងតុលាការ។\n"
        "- អាចសួរសំណួរ តាមរយៈមេធាវី។\n"
        "- អាចស្នើសុំសំណងជួសជុលជាលក្ខណៈសមូហភាព និងផ្លូវចិត្ត។\n\n"
        "ដើម្បីក្លាយជាដើមបណ្តឹងរដ្ឋប្បវេណី អ្នកត្រូវបង្ហាញថា ឧក្រិដ្ឋកម្មមួយដែលជនជាប់ចោទត្រូវបានចោទប្រកាន់ បានធ្វើឱ្យអ្នក ឬសមាជិកគ្រួសារជិតស្និទ្ធរបស់អ្នករងគ្រោះ។ ចៅក្រមជាអ្នកសម្រេច។\n\n"
        "សំណងជួសជុលមិនមែនជាប្រាក់សម្រាប់បុគ្គលម្នាក់ៗទេ៖ វាជាគម្រោងសម្រាប់ជនរងគ្រោះទាំងអស់ ដូចជាវិមានរំលឹក ការព្យាបាល និងការអប់រំ។",
    ),
    (
        "participating",
        "en",
        "Complainant or Civil Party",
        "There are two ways to take part: tell the court what happened, or become a party to the trial.",
        "## A complainant\n\n"
        "A complainant tells the Co-Prosecutors about crimes they saw or suffered. A complaint can help the investigation. But a complainant is not a party to the trial.\n\n"
        "## A Civil Party\n\n"
        "A Civil Party is a party to the trial, like the prosecutors and the accused. A Civil Party:\n\n"
        "- has a lawyer who represents them in court;\n"
        "- can ask questions, through the lawyer;\n"
        "- can ask for collective and moral reparations.\n\n"
        "To become a Civil Party, you must show that a crime the accused is charged with harmed you or a close family member. The judges decide.\n\n"
        "Reparations are not money for each person: they are projects for all victims, such as memorials, therapy and education.",
    ),
    (
        "participating",
        "fr",
        "Plaignant ou partie civile",
        "Il y a deux façons de prendre part : dire au tribunal ce qui s'est passé, ou devenir partie au procès.",
        "## Le plaignant\n\n"
        "Le plaignant informe les co-procureurs de crimes qu'il a vus ou subis. Sa plainte peut aider l'enquête. Mais le plaignant n'est pas partie au procès.\n\n"
        "## La partie civile\n\n"
        "La partie civile est partie au procès, comme les procureurs et l'accusé. Une partie civile :\n\n"
        "- a un avocat qui la représente au tribunal ;\n"
        "- peut poser des questions, par son avocat ;\n"
        "- peut demander des réparations collectives et morales.\n\n"
        "Pour devenir partie civile, vous devez montrer qu'un crime reproché à l'accusé vous a causé un préjudice, à vous ou à un proche. Les juges décident.\n\n"
        "Les réparations ne sont pas de l'argent versé à chacun : ce sont des projets pour toutes les victimes, comme des mémoriaux, des thérapies et de l'éducation.",
    ),
    # How to apply
    (
        "applying",
        "km",
        "របៀបដាក់ពាក្យ និងអ្វីដែលកើតឡើងបន្ទាប់",
        "បំពេញទម្រង់ព័ត៌មានជនរងគ្រោះ ហើយយើងនឹងតាមដានពាក្យរបស់អ្នក រហូតដល់ចៅក្រមសម្រេច។",
        "## ដាក់ពាក្យ\n\n"
        "1. បំពេញទម្រង់ព័ត៌មានជនរងគ្រោះ តាមអនឡាញ ឬលើក្រដាសជាមួយអង្គការដៃគូ។\n"
        "2. ប្រាប់ពីអ្វីដែលបានកើតឡើងចំពោះអ្នក ឬក្រុមគ្រួសាររបស់អ្នក ទីកន្លែង និងពេលវេលា។\n"
        "3. ភ្ជាប់ឯកសារដែលអ្នកមាន (អត្តសញ្ញាណប័ណ្ណ សៀវភៅគ្រួសារ)។ បើគ្មាន អ្នកនៅតែអាចដាក់ពាក្យបាន។\n"
        "4. ចុះហត្ថលេខា ឬផ្តិតមេដៃ។\n\n"
        "## អ្វីដែលកើតឡើងបន្ទាប់\n\n"
        "- យើងទទួលពាក្យរបស់អ្នក ហើយផ្តល់លេខយោងមួយ។\n"
        "- ប្រសិនបើខ្វះអ្វីមួយ យើងនឹងទាក់ទងអ្នក។\n"
        "- យើងពិនិត្យពាក្យ ហើយបញ្ជូនទៅចៅក្រម។\n"
        "- ចៅក្រមសម្រេចថា តើអ្នកជាដើមបណ្តឹងរដ្ឋប្បវេណីឬអត់។ ប្រសិនបើពាក្យត្រូវបានបដិសេធ អ្នកអាចប្តឹងឧទ្ធរណ៍បាន។\n\n"
        "អ្នកអាចតាមដានពាក្យរបស់អ្នក ដោយប្រើលេខយោង និងលេខកូដសម្ងាត់ដែលយើងផ្តល់ឱ្យ។\n\n"
        "## ថ្ងៃផុតកំណត់\n\n"
        "ពាក្យស្នើសុំត្រូវដាក់ យ៉ាងយូរ ១៥ ថ្ងៃ បន្ទាប់ពីចៅក្រមប្រកាសបញ្ចប់ការស៊ើបសួរនៃសំណុំរឿង។ សូមកុំរង់ចាំដល់ថ្ងៃចុងក្រោយ។",
    ),
    (
        "applying",
        "en",
        "How to apply and what happens next",
        "Fill in the Victim Information Form, and we follow your application until the judges decide.",
        "## Apply\n\n"
        "1. Fill in the Victim Information Form, online or on paper with a partner organisation.\n"
        "2. Say what happened to you or your family, where and when.\n"
        "3. Add the documents you have (identity card, family book). Without them you can still apply.\n"
        "4. Sign, or press your thumbprint.\n\n"
        "## What happens next\n\n"
        "- We receive your application and give you a reference.\n"
        "- If something is missing, we contact you.\n"
        "- We check the application and send it to the judges.\n"
        "- The judges decide whether you are a Civil Party. If your application is rejected, you can appeal.\n\n"
        "You can follow your application with the reference and the secret code we give you.\n\n"
        "## Deadline\n\n"
        "Applications must be sent at the latest 15 days after the judges announce the end of the investigation of the case. Do not wait for the last day.",
    ),
    (
        "applying",
        "fr",
        "Comment déposer une demande et la suite",
        "Remplissez le formulaire d'information sur la victime, et nous suivons votre demande jusqu'à la décision des juges.",
        "## Déposer une demande\n\n"
        "1. Remplissez le formulaire d'information sur la victime, en ligne ou sur papier avec une organisation partenaire.\n"
        "2. Dites ce qui vous est arrivé, à vous ou à votre famille, où et quand.\n"
        "3. Joignez les documents que vous avez (carte d'identité, livret de famille). Sans eux, vous pouvez quand même déposer une demande.\n"
        "4. Signez, ou apposez votre empreinte digitale.\n\n"
        "## La suite\n\n"
        "- Nous recevons votre demande et vous donnons une référence.\n"
        "- S'il manque quelque chose, nous vous contactons.\n"
        "- Nous examinons la demande et l'envoyons aux juges.\n"
        "- Les juges décident si vous êtes partie civile. Si votre demande est rejetée, vous pouvez faire appel.\n\n"
        "Vous pouvez suivre votre demande avec la référence et le code secret que nous vous donnons.\n\n"
        "## Date limite\n\n"
        "Les demandes doivent être envoyées au plus tard 15 jours après que les juges ont annoncé la fin de l'instruction du dossier. N'attendez pas le dernier jour.",
    ),
    # Lawyers and support
    (
        "lawyers-and-support",
        "km",
        "មេធាវី និងការគាំទ្រផ្លូវចិត្តសង្គម",
        "អ្នកមិនចាំបាច់ឈរតែម្នាក់ឯងទេ៖ មេធាវីតំណាងអ្នក ហើយអ្នកជំនាញជួយលើការឈឺចាប់ផ្លូវចិត្ត។",
        "## មេធាវី\n\n"
        "អង្គភាពគាំពារជនរងគ្រោះ រក្សាបញ្ជីមេធាវីដើមបណ្តឹងរដ្ឋប្បវេណី ទាំងខ្មែរ និងបរទេស។ អ្នកអាចជ្រើសរើសមេធាវីពីបញ្ជីនេះ ឬយើងអាចជួយអ្នករកមេធាវីម្នាក់។\n\n"
        "ចាប់ពីដីកាដំណោះស្រាយ ដើមបណ្តឹងរដ្ឋប្បវេណីទាំងអស់ត្រូវមានមេធាវី។ នៅពេលជំនុំជម្រះ សហមេធាវីនាំមុខពីររូប (ខ្មែរម្នាក់ និងបរទេសម្នាក់) តំណាងឱ្យដើមបណ្តឹងរដ្ឋប្បវេណីទាំងអស់រួមគ្នា។\n\n"
        "## ការគាំទ្រផ្លូវចិត្តសង្គម\n\n"
        "ការរំលឹកពីអតីតកាលអាចឈឺចាប់។ យើងអាចបញ្ជូនអ្នកទៅអង្គការដៃគូ ដែលផ្តល់៖\n\n"
        "- ការពិគ្រោះយោបល់ និងការព្យាបាលតាមរយៈសក្ខីកម្ម។\n"
        "- ក្រុមជួយខ្លួនឯង នៅក្នុងសហគមន៍។\n"
        "- ការគាំទ្រនៅពេលអ្នកមកសវនាការ។\n\n"
        "យើងសុំការយល់ព្រមពីអ្នកជាមុនសិន។ ការគាំទ្រនេះគឺឥតគិតថ្លៃ និងរក្សាការសម្ងាត់។",
    ),
    (
        "lawyers-and-support",
        "en",
        "Lawyers and psychosocial support",
        "You do not have to stand alone: a lawyer represents you, and trained people help with the pain of the past.",
        "## Lawyers\n\n"
        "The Victims Support Section keeps a list of Civil Party lawyers, Cambodian and international. You can choose a lawyer from this list, or we can help you find one.\n\n"
        "From the closing order, every Civil Party must have a lawyer. At trial, two Lead Co-Lawyers (one Cambodian, one international) represent all Civil Parties together.\n\n"
        "## Psychosocial support\n\n"
        "Remembering the past can hurt. We can refer you to a partner organisation that offers:\n\n"
        "- counselling and testimonial therapy;\n"
        "- self-help groups in your community;\n"
        "- support when you come to the hearings.\n\n"
        "We ask for your agreement first. This support is free and confidential.",
    ),
    (
        "lawyers-and-support",
        "fr",
        "Avocats et soutien psychosocial",
        "Vous n'êtes pas seul : un avocat vous représente, et des personnes formées vous aident face à la douleur du passé.",
        "## Avocats\n\n"
        "La Section d'appui aux victimes tient une liste d'avocats des parties civiles, cambodgiens et internationaux. Vous pouvez choisir un avocat sur cette liste, ou nous pouvons vous aider à en trouver un.\n\n"
        "À partir de l'ordonnance de clôture, chaque partie civile doit avoir un avocat. Au procès, deux co-avocats principaux (un cambodgien, un international) représentent ensemble toutes les parties civiles.\n\n"
        "## Soutien psychosocial\n\n"
        "Se souvenir du passé peut faire mal. Nous pouvons vous orienter vers une organisation partenaire qui propose :\n\n"
        "- écoute et thérapie par le témoignage ;\n"
        "- groupes d'entraide dans votre communauté ;\n"
        "- un soutien quand vous venez aux audiences.\n\n"
        "Nous vous demandons d'abord votre accord. Ce soutien est gratuit et confidentiel.",
    ),
    # Reparations
    (
        "reparations",
        "km",
        "សំណងជួសជុល និងវិធានការក្រៅប្រព័ន្ធតុលាការ",
        "គម្រោងដែលទទួលស្គាល់ការឈឺចាប់របស់ជនរងគ្រោះ និងជួយស្តារសេចក្តីថ្លៃថ្នូររបស់ពួកគេ។",
        "នៅ អ.វ.ត.ក សំណងជួសជុលគឺជាលក្ខណៈសមូហភាព និងផ្លូវចិត្ត៖ វាមិនមែនជាប្រាក់សម្រាប់បុគ្គលម្នាក់ៗទេ។ វាជាគម្រោងសម្រាប់ដើមបណ្តឹងរដ្ឋប្បវេណីទាំងអស់។\n\n"
        "## គម្រោងបួនប្រភេទ\n\n"
        "- ការរំលឹក៖ វិមានរំលឹក និងទិវាជាតិនៃការចងចាំ។\n"
        "- ការស្តារនីតិសម្បទា៖ ការព្យាបាលតាមរយៈសក្ខីកម្ម និងក្រុមជួយខ្លួនឯង។\n"
        "- ឯកសារ៖ ពិព័រណ៍ និងសៀវភៅអំពីអ្វីដែលបានកើតឡើង។\n"
        "- ការអប់រំ៖ មេរៀនសម្រាប់យុវជន និងមជ្ឈមណ្ឌលសិក្សាសន្តិភាព។\n\n"
        "សហមេធាវីនាំមុខស្នើសុំគម្រោងទាំងនេះ ហើយចៅក្រមទទួលស្គាល់ ឬបដិសេធ នៅក្នុងសាលក្រម។ គម្រោងដែលមិនត្រូវបានទទួលស្គាល់ អាចបន្តជាវិធានការក្រៅប្រព័ន្ធតុលាការ។\n\n"
        "អ្នកអាចចូលរួមក្នុងការពិគ្រោះយោបល់ ដើម្បីជ្រើសរើសគម្រោងនាពេលខាងមុខ។",
    ),
    (
        "reparations",
        "en",
        "Reparations and non-judicial measures",
        "Projects that recognise what victims suffered and help restore their dignity.",
        "At the ECCC, reparations are collective and moral: they are not money for each person. They are projects for all Civil Parties.\n\n"
        "## Four kinds of projects\n\n"
        "- Remembrance: memorials and a national day of remembrance.\n"
        "- Rehabilitation: testimonial therapy and self-help groups.\n"
        "- Documentation: exhibitions and books about what happened.\n"
        "- Education: lessons for young people and peace learning centres.\n\n"
        "The Lead Co-Lawyers ask for these projects, and the judges endorse or reject them in the judgment. A project that is not endorsed can go on as a non-judicial measure.\n\n"
        "You can take part in the consultation that chooses future projects.",
    ),
    (
        "reparations",
        "fr",
        "Réparations et mesures non judiciaires",
        "Des projets qui reconnaissent ce que les victimes ont subi et les aident à retrouver leur dignité.",
        "Aux CETC, les réparations sont collectives et morales : ce n'est pas de l'argent versé à chacun. Ce sont des projets pour toutes les parties civiles.\n\n"
        "## Quatre sortes de projets\n\n"
        "- Mémoire : mémoriaux et journée nationale du souvenir.\n"
        "- Réadaptation : thérapie par le témoignage et groupes d'entraide.\n"
        "- Documentation : expositions et livres sur ce qui s'est passé.\n"
        "- Éducation : leçons pour les jeunes et centres d'apprentissage de la paix.\n\n"
        "Les co-avocats principaux demandent ces projets, et les juges les approuvent ou les rejettent dans le jugement. Un projet non approuvé peut continuer comme mesure non judiciaire.\n\n"
        "Vous pouvez prendre part à la consultation qui choisit les projets à venir.",
    ),
    # Newsletter
    (
        "newsletter",
        "km",
        "ព្រឹត្តិបត្រព័ត៌មាន",
        "ព័ត៌មានផ្ទាល់អំពីការជំនុំជម្រះ តាមសារ SMS អ៊ីមែល ឬក្រដាស។",
        "ព្រឹត្តិបត្រព័ត៌មានរបស់យើង ប្រាប់អ្នកពីអ្វីដែលកំពុងកើតឡើងនៅតុលាការ៖ សវនាការ សាលក្រម វេទិកា និងគម្រោងសំណងជួសជុល។\n\n"
        "យើងផ្ញើវាជាភាសាខ្មែរ។ អ្នកអាចឈប់ទទួលវានៅពេលណាក៏បាន។",
    ),
    (
        "newsletter",
        "en",
        "The newsletter",
        "First-hand news of the trials, by SMS, email or on paper.",
        "Our newsletter tells you what is happening at the court: hearings, judgments, forums and reparation projects.\n\n"
        "We send it in Khmer, English or French. You can stop receiving it at any time.",
    ),
    (
        "newsletter",
        "fr",
        "La lettre d'information",
        "Des nouvelles des procès de première main, par SMS, courriel ou sur papier.",
        "Notre lettre d'information vous dit ce qui se passe au tribunal : audiences, jugements, forums et projets de réparation.\n\n"
        "Nous l'envoyons en khmer, en anglais ou en français. Vous pouvez cesser de la recevoir à tout moment.",
    ),
    # Events
    (
        "events",
        "km",
        "ព្រឹត្តិការណ៍",
        "វេទិកាដើមបណ្តឹងរដ្ឋប្បវេណី វគ្គផ្សព្វផ្សាយព័ត៌មាន និងការចូលរួមស្តាប់សវនាការ។",
        "យើងរៀបចំវេទិកានៅរាជធានីភ្នំពេញ និងនៅតាមខេត្ត ដើម្បីឱ្យដើមបណ្តឹងរដ្ឋប្បវេណីជួបគ្នា សួរសំណួរ និងស្តាប់ព័ត៌មានថ្មីៗពីមេធាវីរបស់ពួកគេ។\n\n"
        "យើងក៏ជួយដើមបណ្តឹងរដ្ឋប្បវេណីមកស្តាប់សវនាការនៅតុលាការ។ ប្រសិនបើអ្នកត្រូវបានអញ្ជើញ យើងរៀបចំការធ្វើដំណើរ។\n\n"
        "មើលប្រតិទិន ដើម្បីដឹងពីកាលបរិច្ឆេទខាងមុខ។",
    ),
    (
        "events",
        "en",
        "Events",
        "Civil Party forums, information sessions and attending hearings.",
        "We hold forums in Phnom Penh and in the provinces, so that Civil Parties can meet, ask questions and hear the latest news from their lawyers.\n\n"
        "We also help Civil Parties come to hear the trials at the court. If you are invited, we arrange the transport.\n\n"
        "See the calendar for the coming dates.",
    ),
    (
        "events",
        "fr",
        "Événements",
        "Forums de parties civiles, séances d'information et présence aux audiences.",
        "Nous tenons des forums à Phnom Penh et dans les provinces, pour que les parties civiles se rencontrent, posent leurs questions et entendent les dernières nouvelles de leurs avocats.\n\n"
        "Nous aidons aussi les parties civiles à venir assister aux procès au tribunal. Si vous êtes invité, nous organisons le transport.\n\n"
        "Consultez le calendrier pour les prochaines dates.",
    ),
    # Contact
    (
        "contact",
        "km",
        "របៀបទាក់ទងអង្គភាព",
        "មកជួបយើង ឬសុំជំនួយពីអង្គការដៃគូនៅខេត្តរបស់អ្នក។",
        "## មកជួបយើង\n\n"
        "អង្គភាពគាំពារជនរងគ្រោះ\n"
        "អង្គជំនុំជម្រះវិសាមញ្ញក្នុងតុលាការកម្ពុជា\n"
        "ផ្លូវជាតិលេខ ៤ សង្កាត់ចោមចៅ ខណ្ឌពោធិ៍សែនជ័យ រាជធានីភ្នំពេញ\n\n"
        "យើងបើកពីថ្ងៃច័ន្ទ ដល់ថ្ងៃសុក្រ លើកលែងថ្ងៃឈប់សម្រាក។\n\n"
        "## នៅខេត្តរបស់អ្នក\n\n"
        "អង្គការដៃគូ (ដូចជា ADHOC មជ្ឈមណ្ឌលឯកសារកម្ពុជា TPO Cambodia និងក្តីករុណា) អាចជួយអ្នកបំពេញពាក្យ និងផ្ញើវាមកយើង។\n\n"
        "សូមកុំផ្ញើព័ត៌មានផ្ទាល់ខ្លួនរបស់អ្នកតាមបណ្តាញសង្គម។ ដើម្បីដាក់ពាក្យ សូមប្រើទម្រង់តាមអនឡាញ។",
    ),
    (
        "contact",
        "en",
        "How to contact the Section",
        "Come and see us, or ask a partner organisation in your province.",
        "## Come and see us\n\n"
        "Victims Support Section\n"
        "Extraordinary Chambers in the Courts of Cambodia\n"
        "National Road 4, Chaom Chau commune, Porsenchey district, Phnom Penh\n\n"
        "We are open Monday to Friday, except public holidays.\n\n"
        "## In your province\n\n"
        "Partner organisations (such as ADHOC, the Documentation Center of Cambodia, TPO Cambodia and Kdei Karuna) can help you fill in the form and send it to us.\n\n"
        "Please do not send your personal information through social media. To apply, use the online form.",
    ),
    (
        "contact",
        "fr",
        "Comment contacter la Section",
        "Venez nous voir, ou demandez à une organisation partenaire de votre province.",
        "## Venez nous voir\n\n"
        "Section d'appui aux victimes\n"
        "Chambres extraordinaires au sein des tribunaux cambodgiens\n"
        "Route nationale 4, commune de Chaom Chau, district de Porsenchey, Phnom Penh\n\n"
        "Nous sommes ouverts du lundi au vendredi, sauf les jours fériés.\n\n"
        "## Dans votre province\n\n"
        "Des organisations partenaires (comme l'ADHOC, le Centre de documentation du Cambodge, TPO Cambodia et Kdei Karuna) peuvent vous aider à remplir le formulaire et nous l'envoyer.\n\n"
        "N'envoyez pas vos informations personnelles par les réseaux sociaux. Pour déposer une demande, utilisez le formulaire en ligne.",
    ),
]
