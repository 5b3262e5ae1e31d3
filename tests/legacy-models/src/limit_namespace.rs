//! The namespaces of platform limits, as reported in [`Limit::namespace`](crate::Limit::namespace).

use crate::open_enum::open_enum;

open_enum! {
    /// The area of the platform a limit belongs to (`Limit.namespace`), such as `platform.api` or `analytics`.
    pub enum LimitNamespace {
        /// Limits of the `agent.assistant` area.
        AgentAssistant = "agent.assistant",
        /// Limits of the `analytics.agents` area.
        AnalyticsAgents = "analytics.agents",
        /// Limits of the `analytics.alerting` area.
        AnalyticsAlerting = "analytics.alerting",
        /// Limits of the `analytics.data.extraction` area.
        AnalyticsDataExtraction = "analytics.data.extraction",
        /// Limits of the `analytics` area.
        Analytics = "analytics",
        /// Limits of the `analytics.realtime` area.
        AnalyticsRealtime = "analytics.realtime",
        /// Limits of the `analytics.reporting.settings` area.
        AnalyticsReportingSettings = "analytics.reporting.settings",
        /// Limits of the `architect` area.
        Architect = "architect",
        /// Limits of the `audiohook` area.
        Audiohook = "audiohook",
        /// Limits of the `audit` area.
        Audit = "audit",
        /// Limits of the `auth.api` area.
        AuthApi = "auth.api",
        /// Limits of the `authorization` area.
        Authorization = "authorization",
        /// Limits of the `automation.testing` area.
        AutomationTesting = "automation.testing",
        /// Limits of the `bots` area.
        Bots = "bots",
        /// Limits of the `bots.voice` area.
        BotsVoice = "bots.voice",
        /// Limits of the `business.rules` area.
        BusinessRules = "business.rules",
        /// Limits of the `callback` area.
        Callback = "callback",
        /// Limits of the `cobrowse` area.
        Cobrowse = "cobrowse",
        /// Limits of the `content.management` area.
        ContentManagement = "content.management",
        /// Limits of the `conversation` area.
        Conversation = "conversation",
        /// Limits of the `dataactions` area.
        Dataactions = "dataactions",
        /// Limits of the `datatables` area.
        Datatables = "datatables",
        /// Limits of the `directory` area.
        Directory = "directory",
        /// Limits of the `dsar` area.
        Dsar = "dsar",
        /// Limits of the `email` area.
        Email = "email",
        /// Limits of the `employee.engagement` area.
        EmployeeEngagement = "employee.engagement",
        /// Limits of the `event.orchestration` area.
        EventOrchestration = "event.orchestration",
        /// Limits of the `external.contacts` area.
        ExternalContacts = "external.contacts",
        /// Limits of the `external.events.data.ingestion` area.
        ExternalEventsDataIngestion = "external.events.data.ingestion",
        /// Limits of the `gamification` area.
        Gamification = "gamification",
        /// Limits of the `gcv` area.
        Gcv = "gcv",
        /// Limits of the `gdpr` area.
        Gdpr = "gdpr",
        /// Limits of the `groups` area.
        Groups = "groups",
        /// Limits of the `guides` area.
        Guides = "guides",
        /// Limits of the `historical.adherence` area.
        HistoricalAdherence = "historical.adherence",
        /// Limits of the `infrastructureascode` area.
        Infrastructureascode = "infrastructureascode",
        /// Limits of the `integrations` area.
        Integrations = "integrations",
        /// Limits of the `intent.miner` area.
        IntentMiner = "intent.miner",
        /// Limits of the `internal.messaging` area.
        InternalMessaging = "internal.messaging",
        /// Limits of the `journey` area.
        Journey = "journey",
        /// Limits of the `knowledge` area.
        Knowledge = "knowledge",
        /// Limits of the `language.understanding` area.
        LanguageUnderstanding = "language.understanding",
        /// Limits of the `learning` area.
        Learning = "learning",
        /// Limits of the `limit.registry` area.
        LimitRegistry = "limit.registry",
        /// Limits of the `marketplace` area.
        Marketplace = "marketplace",
        /// Limits of the `media.communications` area.
        MediaCommunications = "media.communications",
        /// Limits of the `messaging` area.
        Messaging = "messaging",
        /// Limits of the `micro.frontend` area.
        MicroFrontend = "micro.frontend",
        /// Limits of the `notifications` area.
        Notifications = "notifications",
        /// Limits of the `onboarding` area.
        Onboarding = "onboarding",
        /// Limits of the `outbound` area.
        Outbound = "outbound",
        /// Limits of the `platform.api` area.
        PlatformApi = "platform.api",
        /// Limits of the `predictive.routing` area.
        PredictiveRouting = "predictive.routing",
        /// Limits of the `presence` area.
        Presence = "presence",
        /// Limits of the `quality` area.
        Quality = "quality",
        /// Limits of the `recording` area.
        Recording = "recording",
        /// Limits of the `response.management` area.
        ResponseManagement = "response.management",
        /// Limits of the `routing` area.
        Routing = "routing",
        /// Limits of the `scim` area.
        Scim = "scim",
        /// Limits of the `search` area.
        Search = "search",
        /// Limits of the `secondary.automation.testing` area.
        SecondaryAutomationTesting = "secondary.automation.testing",
        /// Limits of the `skills` area.
        Skills = "skills",
        /// Limits of the `social.media` area.
        SocialMedia = "social.media",
        /// Limits of the `speech.and.text.analytics` area.
        SpeechAndTextAnalytics = "speech.and.text.analytics",
        /// Limits of the `speech.integration` area.
        SpeechIntegration = "speech.integration",
        /// Limits of the `supportability` area.
        Supportability = "supportability",
        /// Limits of the `task.management` area.
        TaskManagement = "task.management",
        /// Limits of the `telephony.configuration` area.
        TelephonyConfiguration = "telephony.configuration",
        /// Limits of the `usage` area.
        Usage = "usage",
        /// Limits of the `users` area.
        Users = "users",
        /// Limits of the `users.rules` area.
        UsersRules = "users.rules",
        /// Limits of the `voice.transcription` area.
        VoiceTranscription = "voice.transcription",
        /// Limits of the `web.deployments` area.
        WebDeployments = "web.deployments",
        /// Limits of the `web.messaging` area.
        WebMessaging = "web.messaging",
        /// Limits of the `webchat` area.
        Webchat = "webchat",
        /// Limits of the `webhooks` area.
        Webhooks = "webhooks",
        /// Limits of the `workforce.management.forecast` area.
        WorkforceManagementForecast = "workforce.management.forecast",
        /// Limits of the `workforce.management` area.
        WorkforceManagement = "workforce.management",
        /// Limits of the `system` area.
        System = "system",
    }
}
